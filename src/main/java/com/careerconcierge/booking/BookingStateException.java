package com.careerconcierge.booking;

/**
 * A booking cannot change as asked: it is cancelled, moved, or marked otherwise.
 */
public class BookingStateException extends RuntimeException {

	public BookingStateException(String message) {
		super(message);
	}

}
