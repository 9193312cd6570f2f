package com.careerconcierge.consultation;

/**
 * A button offered with a reply.
 *
 * @param label what the button says (at most 20 characters)
 * @param postback what comes back when it is pressed (at most 64 bytes)
 */
public record Choice(String label, String postback) {
}
