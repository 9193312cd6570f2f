package com.careerconcierge.support.security;

import java.util.List;

/**
 * Paths a module serves to anyone (pages, webhooks that check their own signature, the
 * web chat's API whose session id is the credential). Every path no module declares
 * public, and no module's own security chain covers, is refused.
 *
 * @param patterns path patterns, e.g. {@code /api/chat/**}
 */
public record PublicPaths(List<String> patterns) {

	public static PublicPaths of(String... patterns) {
		return new PublicPaths(List.of(patterns));
	}

}
