package com.careerconcierge.consultation;

import java.time.Duration;

/**
 * How the outbox reaches users on one channel. Each channel provides one. The outbox
 * calls it for one conversation at a time, in order, off the request thread, and keeps
 * what was sent in Redis: a channel only makes one platform call per {@link #send} and
 * says how it went.
 */
public interface ChannelDelivery {

	/**
	 * The channel this delivers to.
	 * @return e.g. {@code telegram}
	 */
	String channel();

	/**
	 * Whether the answer to the user's own message travels in the response to their
	 * request (the web chat): then only messages made outside it (an agent's, a
	 * follow-up) are sent through {@link #send}.
	 * @return true if the request's response is the delivery
	 */
	default boolean answersInResponse() {
		return false;
	}

	/**
	 * How many platform calls a message takes (joined texts, batches, a keyboard to
	 * remove first).
	 * @param message the message
	 * @return at least one
	 */
	int parts(Outgoing message);

	/**
	 * Books the next call to the conversation against the platform's pace.
	 * @param message the message
	 * @param part which of its calls
	 * @return how long to wait before making it; zero to make it now
	 */
	default Duration pace(Outgoing message, int part) {
		return Duration.ZERO;
	}

	/**
	 * Makes one platform call.
	 * @param message the message
	 * @param part which of its calls (0 … parts − 1)
	 * @return how it went; exceptions count as a retry
	 */
	Attempt send(Outgoing message, int part);

}
