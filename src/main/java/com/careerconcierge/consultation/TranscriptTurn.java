package com.careerconcierge.consultation;

/**
 * One turn of a conversation's transcript.
 *
 * @param at epoch milliseconds
 * @param from {@code user}, {@code bot} or {@code agent}
 * @param text what was said
 * @param agent the agent's name for agent turns
 */
public record TranscriptTurn(long at, String from, String text, String agent) {
}
