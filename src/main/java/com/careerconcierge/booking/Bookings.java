package com.careerconcierge.booking;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.careerconcierge.consultation.Appointments;
import com.careerconcierge.consultation.Appointments.Appointment;
import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.consultation.Funnel;
import com.careerconcierge.consultation.Reminder;
import com.careerconcierge.handoff.HandoffProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;

/**
 * The advisors' free slots and the bookings in them. Slots start every meeting length
 * within the business hours of every working day, for every advisor; a slot is free while
 * fewer advisors are booked at its start than there are advisors. Taking one is one Redis
 * script, so of two users racing for the last advisor at a time exactly one gets it.
 */
@Service
public class Bookings implements Appointments {

	private static final Logger log = LoggerFactory.getLogger(Bookings.class);

	/** How long a booking is kept after its start: the funnel's 90 days. */
	private static final Duration KEPT = Duration.ofDays(90);

	private final RedisBookings store;

	private final BookingProperties properties;

	private final HandoffProperties hours;

	private final List<String> advisors;

	private final Funnel funnel;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	Bookings(StringRedisTemplate redis, BookingProperties properties, HandoffProperties hours, Funnel funnel,
			Clock clock) {
		this.store = new RedisBookings(redis);
		this.properties = properties;
		this.hours = hours;
		this.funnel = funnel;
		this.clock = clock;
		this.advisors = (properties.advisors() != null && !properties.advisors().isBlank())
				? List.of(properties.advisors().split("\\s*,\\s*")) : hours.agentLogins();
	}

	@Override
	public List<LocalDate> freeDays(int max) {
		// every start of the range in one round trip to Redis: a full calendar costs no
		// more than an empty one
		LocalDate today = today();
		Map<String, Availability> hours = hours();
		java.util.SortedMap<Instant, List<String>> starts = new java.util.TreeMap<>();
		for (int ahead = 0; ahead <= this.properties.daysAhead(); ahead++) {
			starts.putAll(starts(today.plusDays(ahead), hours));
		}
		java.util.Set<LocalDate> days = new java.util.LinkedHashSet<>();
		for (Instant start : free(starts, Integer.MAX_VALUE)) {
			days.add(start.atZone(zone()).toLocalDate());
			if (days.size() == max) {
				break;
			}
		}
		return List.copyOf(days);
	}

	@Override
	public List<ZonedDateTime> freeTimes(LocalDate day, int max) {
		return free(starts(day, hours()), max).stream().map((start) -> start.atZone(zone())).toList();
	}

	@Override
	public Optional<Appointment> book(BookingRequest request) {
		Instant start = request.start();
		List<String> available = starts(start.atZone(zone()).toLocalDate(), hours()).getOrDefault(start, List.of());
		if (available.isEmpty()) {
			return Optional.empty(); // not a slot (any more): too soon, or off hours
		}
		Instant end = start.plus(length());
		String conversation = request.conversation().id();
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("channel", request.conversation().channel());
		fields.put("user", request.conversation().userId());
		fields.put("start", String.valueOf(start.getEpochSecond()));
		fields.put("end", String.valueOf(end.getEpochSecond()));
		fields.put("mode", mode());
		fields.put("created", String.valueOf(this.clock.millis()));
		if (request.displayName() != null) {
			fields.put("name", request.displayName());
		}
		if (request.role() != null) {
			fields.put("role", request.role());
		}
		if (request.phone() != null) {
			fields.put("phone", request.phone());
		}
		long ttl = Duration.between(this.clock.instant(), end.plus(KEPT)).toSeconds();
		RedisBookings.Taken taken = this.store.take(conversation, newId(), start.getEpochSecond(), fields,
				preference(start, available), ttl, dayBeforeDue(start), hourBeforeDue(start),
				this.clock.instant().getEpochSecond());
		if (taken == null) {
			log.info("Slot {} was taken before {} could book it", start, request.conversation());
			return Optional.empty();
		}
		if (taken.created()) {
			log.info("Booking {} for {} with {} at {}", taken.id(), request.conversation(), taken.advisor(), start);
			this.funnel.count(request.conversation().channel(), "booked");
		}
		return Optional.of(appointment(this.store.find(taken.id())));
	}

	@Override
	public Optional<Appointment> upcoming(ConversationKey conversation) {
		Map<String, String> latest = this.store.latest(conversation.id());
		if (latest.isEmpty() || !"booked".equals(latest.get("status"))
				|| Long.parseLong(latest.get("end")) <= this.clock.instant().getEpochSecond()) {
			return Optional.empty();
		}
		return Optional.of(appointment(latest));
	}

	@Override
	public Optional<Appointment> cancel(ConversationKey conversation) {
		String id = this.store.cancel(conversation.id());
		if (id == null) {
			return Optional.empty();
		}
		log.info("Booking {} of {} cancelled by the user", id, conversation);
		return Optional.of(appointment(this.store.find(id)));
	}

	@Override
	public void forgotten(ConversationKey conversation) {
		this.store.forget(conversation.id());
	}

	@Override
	public LocalDate today() {
		return LocalDate.now(this.clock.withZone(zone()));
	}

	@Override
	public String mode() {
		return this.properties.mode();
	}

	@Override
	public Duration length() {
		return this.properties.length();
	}

	@Override
	public ZoneId zone() {
		return this.hours.zone();
	}

	/**
	 * Bookings starting in a range, for the advisors.
	 * @param from from, inclusive
	 * @param to until, exclusive
	 * @return the bookings, by start
	 */
	public List<Appointment> between(Instant from, Instant to) {
		return this.store.between(from.getEpochSecond(), to.getEpochSecond()).stream().map(this::appointment).toList();
	}

	/**
	 * When today began in the agency's zone.
	 * @return midnight of today
	 */
	public Instant startOfToday() {
		return today().atStartOfDay(zone()).toInstant();
	}

	/**
	 * One booking.
	 * @param id its id
	 * @return the booking, if there is one
	 */
	public Optional<Appointment> find(String id) {
		Map<String, String> fields = this.store.find(id);
		return fields.isEmpty() ? Optional.empty() : Optional.of(appointment(fields));
	}

	/**
	 * An advisor marks a booked meeting attended or missed.
	 * @param id the booking
	 * @param status {@code attended} or {@code no_show}
	 * @return the booking as marked, and whether it was marked just now
	 * @throws BookingStateException if the booking is cancelled, moved or marked
	 * otherwise
	 */
	public Optional<Marked> mark(String id, String status) {
		Optional<Appointment> before = find(id);
		if (before.isPresent() && "booked".equals(before.get().status())
				&& before.get().start().toInstant().isAfter(this.clock.instant())) {
			throw new BookingStateException("Booking " + id + " has not started yet");
		}
		long result = this.store.mark(id, status);
		if (result == -1) {
			return Optional.empty();
		}
		Appointment appointment = appointment(this.store.find(id));
		if (result == -2) {
			throw new BookingStateException(
					"Booking " + id + " is " + appointment.status() + " and cannot be marked " + status);
		}
		if (result == 1) {
			this.funnel.count(appointment.conversation().channel(), status);
		}
		return Optional.of(new Marked(appointment, result == 1));
	}

	/**
	 * A booking as marked.
	 *
	 * @param appointment the booking
	 * @param now whether this call marked it (false: it was marked so before)
	 */
	public record Marked(Appointment appointment, boolean now) {
	}

	/** The reminders due now, earliest first. */
	List<String> dueReminders(int max) {
		return this.store.due(this.clock.millis(), max);
	}

	/**
	 * Whether a reminder came too late to be worth sending (the app was down): the
	 * evening's once the last reminder is due, the last one once the meeting is over.
	 */
	boolean stale(Appointment appointment, Reminder reminder) {
		Instant now = this.clock.instant();
		Instant until = (reminder == Reminder.DAY_BEFORE)
				? appointment.start().toInstant().minus(this.properties.hourBefore()) : appointment.end().toInstant();
		return !now.isBefore(until);
	}

	void reminded(String reminder) {
		this.store.reminded(reminder);
	}

	/**
	 * The hours every advisor takes meetings: what they set in the console, else the
	 * business hours.
	 */
	private Map<String, Availability> hours() {
		Availability business = Availability.of(this.hours.days(), this.hours.opens(), this.hours.closes(),
				Set.copyOf(this.hours.holidays()));
		Map<String, Availability> set = this.store.availability(this.advisors);
		Map<String, Availability> hours = new LinkedHashMap<>();
		for (String advisor : this.advisors) {
			hours.put(advisor, set.getOrDefault(advisor, business));
		}
		return hours;
	}

	/**
	 * The advisor's hours.
	 * @param advisor the login
	 * @return what they set, else the business hours
	 * @throws IllegalArgumentException if they take no meetings
	 */
	public Availability availability(String advisor) {
		requireAdvisor(advisor);
		return hours().get(advisor);
	}

	/**
	 * Whether the advisor set their own hours (else they have the business hours).
	 * @param advisor the login
	 * @return true if they did
	 */
	public boolean ownHours(String advisor) {
		return this.store.availability(List.of(advisor)).containsKey(advisor);
	}

	/**
	 * The advisor sets their hours; bookings already made stay.
	 * @param advisor the login
	 * @param availability the new hours
	 */
	public void setAvailability(String advisor, Availability availability) {
		requireAdvisor(advisor);
		this.store.setAvailability(advisor, availability, this.clock.millis());
		log.info("Advisor {} set their hours for meetings", advisor);
	}

	private void requireAdvisor(String advisor) {
		if (!this.advisors.contains(advisor)) {
			throw new NotAnAdvisorException(advisor);
		}
	}

	/**
	 * Every slot start of a day that may still be booked, with the advisors whose hours
	 * hold it: slots start every meeting length from the start of each range, from the
	 * notice on.
	 */
	private java.util.SortedMap<Instant, List<String>> starts(LocalDate day, Map<String, Availability> hours) {
		java.util.SortedMap<Instant, List<String>> starts = new java.util.TreeMap<>();
		Instant earliest = this.clock.instant().plus(this.properties.notice());
		if (this.hours.holidays().contains(day)) {
			return starts; // the agency is closed, whatever an advisor set
		}
		hours.forEach((advisor, availability) -> {
			for (Availability.Range range : availability.on(day)) {
				ZonedDateTime start = day.atTime(range.from()).atZone(zone());
				ZonedDateTime end = range.to().equals(java.time.LocalTime.MAX) ? day.plusDays(1).atStartOfDay(zone())
						: day.atTime(range.to()).atZone(zone());
				for (; !start.plus(length()).isAfter(end); start = start.plus(length())) {
					if (!start.toInstant().isBefore(earliest)) {
						starts.computeIfAbsent(start.toInstant(), (at) -> new ArrayList<>()).add(advisor);
					}
				}
			}
		});
		return starts;
	}

	/** The starts at which one of the advisors whose hours hold it is not booked yet. */
	private List<Instant> free(java.util.SortedMap<Instant, List<String>> starts, int max) {
		if (starts.isEmpty()) {
			return List.of();
		}
		List<Instant> times = new ArrayList<>(starts.keySet());
		List<Set<String>> booked = this.store.advisorsAt(times.stream().map(Instant::getEpochSecond).toList());
		List<Instant> free = new ArrayList<>();
		for (int i = 0; i < times.size() && free.size() < max; i++) {
			Set<String> taken = booked.get(i);
			if (starts.get(times.get(i)).stream().anyMatch((advisor) -> !taken.contains(advisor))) {
				free.add(times.get(i));
			}
		}
		return free;
	}

	/**
	 * The advisors available at a start in turn by slot, so meetings spread over them.
	 */
	private List<String> preference(Instant start, List<String> available) {
		List<String> order = new ArrayList<>(available);
		int shift = (int) Math.floorMod(start.getEpochSecond() / length().toSeconds(), (long) order.size());
		java.util.Collections.rotate(order, -shift);
		return order;
	}

	/** The evening before, if that is still ahead and before the last reminder. */
	private long dayBeforeDue(Instant start) {
		Instant due = start.atZone(zone())
			.toLocalDate()
			.minusDays(1)
			.atTime(this.properties.dayBeforeAt())
			.atZone(zone())
			.toInstant();
		return (due.isAfter(this.clock.instant()) && due.isBefore(start.minus(this.properties.hourBefore())))
				? due.toEpochMilli() : 0;
	}

	private long hourBeforeDue(Instant start) {
		Instant due = start.minus(this.properties.hourBefore());
		return due.isAfter(this.clock.instant()) ? due.toEpochMilli() : 0;
	}

	private Appointment appointment(Map<String, String> fields) {
		ZonedDateTime start = Instant.ofEpochSecond(Long.parseLong(fields.get("start"))).atZone(zone());
		ZonedDateTime end = Instant.ofEpochSecond(Long.parseLong(fields.get("end"))).atZone(zone());
		String advisor = fields.get("advisor");
		return new Appointment(fields.get("id"), new ConversationKey(fields.get("channel"), fields.get("user")),
				advisor, this.hours.shownName(advisor), start, end, fields.get("mode"), fields.get("status"),
				fields.get("name"), fields.get("role"), fields.get("phone"));
	}

	private String newId() {
		byte[] bytes = new byte[8];
		this.random.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	/** The advisors who take meetings. */
	Set<String> advisors() {
		return Set.copyOf(this.advisors);
	}

}
