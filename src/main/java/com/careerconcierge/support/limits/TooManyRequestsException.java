package com.careerconcierge.support.limits;

import java.time.Duration;

/**
 * A rate limit was reached; answered 429 with {@code Retry-After}.
 */
public class TooManyRequestsException extends RuntimeException {

	private final Duration retryAfter;

	public TooManyRequestsException(String what, Duration retryAfter) {
		super("Too many " + what + "; try again in " + Math.max(1, retryAfter.toSeconds()) + " s");
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
