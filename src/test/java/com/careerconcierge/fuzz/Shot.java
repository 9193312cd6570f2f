package com.careerconcierge.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One request the fuzzer sends, and what may come back.
 *
 * @param what the mutation, for the report
 * @param path the path, with {@code {session}} standing for a web chat session opened
 * just before
 * @param headers the headers, {@code Content-Type} included
 * @param body the body
 * @param transfer how the body is sent
 * @param expected {@link #ANY_BUT_5XX}, {@link #CLIENT_ERROR} or one exact status
 * @param identity a Redis key pattern that must not change unless the answer is a 2xx, or
 * null
 */
record Shot(String what, String path, Map<String, String> headers, byte[] body, Transfer transfer, int expected,
		String identity) {

	/** Anything below 500 will do. */
	static final int ANY_BUT_5XX = 0;

	/** Some 4xx. */
	static final int CLIENT_ERROR = 4;

	static final String SESSION = "{session}";

	boolean opensSession() {
		return this.path.contains(SESSION);
	}

	boolean accepts(int status) {
		return switch (this.expected) {
			case ANY_BUT_5XX -> status < 500;
			case CLIENT_ERROR -> status >= 400 && status < 500;
			default -> status == this.expected;
		};
	}

	String expectation() {
		return switch (this.expected) {
			case ANY_BUT_5XX -> "anything but a 5xx";
			case CLIENT_ERROR -> "a 4xx";
			default -> String.valueOf(this.expected);
		};
	}

	/** The body as Java would write it, cut short for a report. */
	String excerpt(int max) {
		String text = new String(this.body, 0, Math.min(this.body.length, max), StandardCharsets.UTF_8);
		StringBuilder out = new StringBuilder();
		text.codePoints().forEach((c) -> {
			if (c < 0x20 || c == 0x7F || (c >= 0xD800 && c < 0xE000) || c == 0xFFFD || c == 0x202E) {
				out.append(String.format("\\u%04x", c));
			}
			else {
				out.appendCodePoint(c);
			}
		});
		return out + ((this.body.length > max) ? "… (" + this.body.length + " bytes)" : "");
	}

	/** How the body travels. */
	enum Transfer {

		/** With a {@code Content-Length}. */
		LENGTH,

		/** Chunked, without a {@code Content-Length}. */
		CHUNKED

	}

}
