package com.careerconcierge.booking;

/**
 * The agent takes no meetings ({@code concierge.booking.advisors} does not list them).
 */
public class NotAnAdvisorException extends RuntimeException {

	public NotAnAdvisorException(String agent) {
		super(agent + " takes no meetings (not in concierge.booking.advisors)");
	}

}
