package com.careerconcierge.booking;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * When one advisor takes meetings: hours per weekday (several ranges a day, e.g. a lunch
 * break) and days off. An advisor who never set theirs has the business hours.
 *
 * @param weekly the ranges of each weekday; a weekday missing means no meetings then
 * @param off days without meetings (holidays, leave)
 */
public record Availability(Map<DayOfWeek, List<Range>> weekly, Set<LocalDate> off) {

	/** At most this many ranges a day and days off, so a stored record stays small. */
	static final int MAX_RANGES = 6;

	static final int MAX_OFF = 400;

	public Availability {
		weekly = Map.copyOf(weekly);
		off = Set.copyOf(off);
	}

	/**
	 * The business hours as an advisor's week.
	 * @param days the working days
	 * @param opens when they open
	 * @param closes when they close
	 * @param holidays the holidays
	 * @return the availability
	 */
	static Availability of(Set<DayOfWeek> days, LocalTime opens, LocalTime closes, Set<LocalDate> holidays) {
		Map<DayOfWeek, List<Range>> weekly = new EnumMap<>(DayOfWeek.class);
		days.forEach((day) -> weekly.put(day, List.of(new Range(opens, closes))));
		return new Availability(weekly, holidays);
	}

	/**
	 * The ranges of a day.
	 * @param day the day
	 * @return none on a day off
	 */
	List<Range> on(LocalDate day) {
		return this.off.contains(day) ? List.of() : this.weekly.getOrDefault(day.getDayOfWeek(), List.of());
	}

	/**
	 * Reads what an advisor typed: per weekday {@code "9:00-12:00, 13:00-18:00"} (blank
	 * for none), and days off as ISO dates.
	 * @param weekly text per weekday
	 * @param off the days off
	 * @return the availability
	 * @throws IllegalArgumentException naming what is wrong
	 */
	public static Availability parse(Map<DayOfWeek, String> weekly, List<String> off) {
		Map<DayOfWeek, List<Range>> ranges = new EnumMap<>(DayOfWeek.class);
		weekly.forEach((day, text) -> {
			List<Range> parsed = new ArrayList<>();
			if (text != null && !text.isBlank()) {
				for (String part : text.split("[,、，]")) {
					parsed.add(Range.parse(day, part.strip()));
				}
			}
			parsed.sort((a, b) -> a.from().compareTo(b.from()));
			for (int i = 1; i < parsed.size(); i++) {
				if (parsed.get(i).from().isBefore(parsed.get(i - 1).to())) {
					throw new IllegalArgumentException(day + ": the ranges overlap");
				}
			}
			if (parsed.size() > MAX_RANGES) {
				throw new IllegalArgumentException(day + ": at most " + MAX_RANGES + " ranges a day");
			}
			if (!parsed.isEmpty()) {
				ranges.put(day, List.copyOf(parsed));
			}
		});
		Set<LocalDate> days = new TreeSet<>();
		for (String date : (off != null) ? off : List.<String>of()) {
			if (date == null || date.isBlank()) {
				continue;
			}
			try {
				days.add(LocalDate.parse(date.strip()));
			}
			catch (DateTimeParseException ex) {
				throw new IllegalArgumentException("'" + date.strip() + "' is not a date like 2026-12-24");
			}
		}
		if (days.size() > MAX_OFF) {
			throw new IllegalArgumentException("at most " + MAX_OFF + " days off");
		}
		return new Availability(ranges, days);
	}

	/**
	 * A time range within a day.
	 *
	 * @param from the start
	 * @param to the end, after the start
	 */
	public record Range(LocalTime from, LocalTime to) {

		static Range parse(DayOfWeek day, String text) {
			String[] ends = text.split("\\s*[-〜~－]\\s*");
			if (ends.length != 2) {
				throw new IllegalArgumentException(day + ": '" + text + "' is not a range like 9:00-12:00");
			}
			try {
				Range range = new Range(time(ends[0]), time(ends[1]));
				if (!range.from().isBefore(range.to())) {
					throw new IllegalArgumentException(day + ": '" + text + "' ends before it starts");
				}
				return range;
			}
			catch (DateTimeParseException ex) {
				throw new IllegalArgumentException(day + ": '" + text + "' is not a range like 9:00-12:00");
			}
		}

		private static LocalTime time(String text) {
			String value = text.strip();
			if (value.equals("24:00")) {
				return LocalTime.MAX;
			}
			return LocalTime.parse((value.length() == 4) ? "0" + value : value);
		}

		@Override
		public String toString() {
			return this.from + "-" + (this.to.equals(LocalTime.MAX) ? "24:00" : this.to);
		}

	}

}
