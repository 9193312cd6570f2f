package com.careerconcierge.booking.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.careerconcierge.booking.BookingStateException;
import com.careerconcierge.booking.Bookings;
import com.careerconcierge.consultation.Appointments.Appointment;
import com.careerconcierge.consultation.Consultation;
import com.careerconcierge.consultation.Reminder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The bookings for advisors (bearer token, like the rest of {@code /api/agent}): the
 * meetings in a range, and marking one attended or missed. A missed meeting gets the user
 * one friendly offer to book again.
 */
@RestController
@RequestMapping("/api/agent/bookings")
class BookingController {

	private static final Logger log = LoggerFactory.getLogger(BookingController.class);

	private final Bookings bookings;

	private final Consultation consultation;

	BookingController(Bookings bookings, Consultation consultation) {
		this.bookings = bookings;
		this.consultation = consultation;
	}

	/**
	 * Bookings starting in a range, by start.
	 * @param from ISO-8601 with offset; by default today's start in the agency's zone
	 * @param to ISO-8601 with offset; by default a week after from
	 */
	@GetMapping
	List<BookingView> list(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
		Instant start = (from != null) ? instant("from", from) : this.bookings.startOfToday();
		Instant end = (to != null) ? instant("to", to) : start.plus(java.time.Duration.ofDays(7));
		if (!end.isAfter(start) || end.isAfter(start.plus(java.time.Duration.ofDays(92)))) {
			throw new BadRange("'to' must be after 'from', and at most 92 days after it");
		}
		return this.bookings.between(start, end).stream().map(BookingView::of).toList();
	}

	@PostMapping("/{id}/attended")
	ResponseEntity<BookingView> attended(@PathVariable String id) {
		return mark(id, "attended");
	}

	@PostMapping("/{id}/no-show")
	ResponseEntity<BookingView> noShow(@PathVariable String id) {
		return mark(id, "no_show");
	}

	private ResponseEntity<BookingView> mark(String id, String status) {
		return this.bookings.mark(id, status).map((marked) -> {
			if (status.equals("no_show")) {
				// also when marked before (a retry after this failed): the event id makes
				// a second call say nothing
				this.consultation.remind(marked.appointment(), Reminder.NO_SHOW, "no-show:" + id);
			}
			log.info("Booking {} marked {}", id, status);
			return ResponseEntity.ok(BookingView.of(marked.appointment()));
		}).orElseThrow(() -> new NoSuchBooking(id));
	}

	private static Instant instant(String name, String value) {
		try {
			// a '+' left unencoded in a query string arrives as a space
			return OffsetDateTime.parse(value.strip().replace(' ', '+')).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new BadRange("'" + name + "' must be ISO-8601 with an offset, e.g. 2026-12-03T00:00:00+09:00");
		}
	}

	@ExceptionHandler(BadRange.class)
	ProblemDetail badRange(BadRange ex) {
		log.info("Bookings asked for a bad range: {}", ex.getMessage());
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	@ExceptionHandler(NoSuchBooking.class)
	ProblemDetail unknown(NoSuchBooking ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	/** A range the request got wrong. */
	static final class BadRange extends RuntimeException {

		BadRange(String message) {
			super(message);
		}

	}

	/** An id no booking has (any more). */
	static final class NoSuchBooking extends RuntimeException {

		NoSuchBooking(String id) {
			super("No booking " + id);
		}

	}

	@ExceptionHandler(BookingStateException.class)
	ProblemDetail conflict(BookingStateException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
	}

	/**
	 * A booking as advisors see it.
	 *
	 * @param id the booking's id
	 * @param user the user, shortened where the id is a credential (web chat)
	 * @param channel the user's channel
	 * @param name the user's name, if they gave one
	 * @param role the target role they chose, if any
	 * @param phone the number to call, for a phone meeting
	 * @param advisor the advisor's login
	 * @param start ISO-8601 with offset
	 * @param end ISO-8601 with offset
	 * @param mode how it is held
	 * @param status {@code booked}, {@code cancelled}, {@code moved}, {@code attended} or
	 * {@code no_show}
	 */
	record BookingView(String id, String user, String channel, String name, String role, String phone, String advisor,
			OffsetDateTime start, OffsetDateTime end, String mode, String status) {

		static BookingView of(Appointment appointment) {
			return new BookingView(appointment.id(), appointment.conversation().shownId(),
					appointment.conversation().channel(), appointment.displayName(), appointment.role(),
					appointment.phone(), appointment.advisor(), appointment.start().toOffsetDateTime(),
					appointment.end().toOffsetDateTime(), appointment.mode(), appointment.status());
		}

	}

}
