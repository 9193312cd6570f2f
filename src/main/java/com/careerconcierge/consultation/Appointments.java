package com.careerconcierge.consultation;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Where the consultation books a meeting with a career advisor (面談). The consultation
 * owns this interface and calls it while it holds the user's lock; the booking module
 * implements it. Without an implementation the bot offers no booking.
 */
public interface Appointments {

	/**
	 * Days with at least one free slot, from today (in the agency's zone) on.
	 * @param max how many days at most
	 * @return the days, soonest first
	 */
	List<LocalDate> freeDays(int max);

	/**
	 * The free start times of one day.
	 * @param day the day, in the agency's zone
	 * @param max how many at most
	 * @return the start times, earliest first
	 */
	List<ZonedDateTime> freeTimes(LocalDate day, int max);

	/**
	 * Books a slot for the user, atomically: of two users racing for the last advisor at
	 * a time, exactly one gets it. Booking the slot the user already holds returns that
	 * booking (a redelivered press); booking another one moves the user's booking there.
	 * @param request who, when, and what the bot knows about them
	 * @return the booking, or empty if the slot was taken meanwhile
	 */
	Optional<Appointment> book(BookingRequest request);

	/**
	 * The user's upcoming booking.
	 * @param conversation the user
	 * @return the booking, if one is upcoming
	 */
	Optional<Appointment> upcoming(ConversationKey conversation);

	/**
	 * The user cancels their upcoming booking.
	 * @param conversation the user
	 * @return the cancelled booking, if there was one
	 */
	Optional<Appointment> cancel(ConversationKey conversation);

	/**
	 * Everything about the user is being deleted: their bookings go too.
	 * @param conversation the user
	 */
	void forgotten(ConversationKey conversation);

	/**
	 * Today, in the agency's zone, by the app's clock.
	 * @return the date
	 */
	LocalDate today();

	/**
	 * How the meeting is held.
	 * @return the configured way, e.g. {@code online}
	 */
	String mode();

	/**
	 * How long a meeting is.
	 * @return the length of a slot
	 */
	Duration length();

	/**
	 * The agency's time zone, in which days and times are offered.
	 * @return the zone
	 */
	ZoneId zone();

	/**
	 * A request to book.
	 *
	 * @param conversation who
	 * @param start the slot's start
	 * @param displayName the user's name, if known
	 * @param role the target role's label, if chosen
	 * @param phone the phone number the user gave, with consent, for a phone meeting
	 */
	record BookingRequest(ConversationKey conversation, Instant start, String displayName, String role, String phone) {
	}

	/**
	 * A booked meeting.
	 *
	 * @param id the booking's id
	 * @param conversation who booked
	 * @param advisor the advisor's login
	 * @param advisorName the name the user sees
	 * @param start when it starts, in the agency's zone
	 * @param end when it ends
	 * @param mode how it is held ({@code online}, {@code phone}, {@code office})
	 * @param status {@code booked}, {@code cancelled}, {@code moved}, {@code attended} or
	 * {@code no_show}
	 * @param displayName the user's name, if they gave one
	 * @param role the target role's label, if chosen
	 * @param phone the number to call for a phone meeting, if given
	 */
	record Appointment(String id, ConversationKey conversation, String advisor, String advisorName, ZonedDateTime start,
			ZonedDateTime end, String mode, String status, String displayName, String role, String phone) {
	}

}
