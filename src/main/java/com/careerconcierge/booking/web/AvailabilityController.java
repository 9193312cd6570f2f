package com.careerconcierge.booking.web;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.careerconcierge.booking.Availability;
import com.careerconcierge.booking.Bookings;
import com.careerconcierge.booking.NotAnAdvisorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Each advisor's own hours for meetings, set from the console: ranges per weekday and
 * days off. Until an advisor sets theirs, they have the business hours.
 */
@RestController
@RequestMapping("/api/agent/availability")
class AvailabilityController {

	private static final Logger log = LoggerFactory.getLogger(AvailabilityController.class);

	private final Bookings bookings;

	AvailabilityController(Bookings bookings) {
		this.bookings = bookings;
	}

	@GetMapping
	Hours get(Authentication agent) {
		String advisor = agent.getName();
		return Hours.of(advisor, this.bookings.availability(advisor), this.bookings.ownHours(advisor));
	}

	@PutMapping
	Hours put(Authentication agent, @RequestBody Hours hours) {
		String advisor = agent.getName();
		Map<DayOfWeek, String> weekly = new LinkedHashMap<>();
		if (hours.weekly() != null) {
			hours.weekly().forEach((day, text) -> {
				try {
					weekly.put(DayOfWeek.valueOf(day), text);
				}
				catch (IllegalArgumentException ex) {
					throw new BadHours("'" + day + "' is not a weekday (MONDAY … SUNDAY)");
				}
			});
		}
		Availability availability;
		try {
			availability = Availability.parse(weekly, hours.off());
		}
		catch (IllegalArgumentException ex) {
			throw new BadHours(ex.getMessage());
		}
		this.bookings.setAvailability(advisor, availability);
		return Hours.of(advisor, availability, true);
	}

	@ExceptionHandler(BadHours.class)
	ProblemDetail badHours(BadHours ex) {
		log.info("Hours refused: {}", ex.getMessage());
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	@ExceptionHandler(NotAnAdvisorException.class)
	ProblemDetail notAnAdvisor(NotAnAdvisorException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, ex.getMessage());
	}

	/**
	 * An advisor's hours as the console shows and sends them.
	 *
	 * @param advisor the login (ignored when sent)
	 * @param weekly {@code "09:00-12:00,13:00-18:00"} by weekday ({@code MONDAY} …),
	 * blank or missing for no meetings that day
	 * @param off days off, ISO dates
	 * @param own whether the advisor set these (false: the business hours)
	 */
	record Hours(String advisor, Map<String, String> weekly, List<String> off, boolean own) {

		static Hours of(String advisor, Availability availability, boolean own) {
			Map<String, String> weekly = new LinkedHashMap<>();
			for (DayOfWeek day : DayOfWeek.values()) {
				weekly.put(day.name(),
						String.join(",",
								availability.weekly()
									.getOrDefault(day, List.of())
									.stream()
									.map(Availability.Range::toString)
									.toList()));
			}
			return new Hours(advisor, weekly, availability.off().stream().sorted().map(LocalDate::toString).toList(),
					own);
		}

	}

	/** Hours the advisor got wrong. */
	static final class BadHours extends RuntimeException {

		BadHours(String message) {
			super(message);
		}

	}

}
