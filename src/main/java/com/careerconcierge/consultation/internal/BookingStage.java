package com.careerconcierge.consultation.internal;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.careerconcierge.consultation.Appointments;
import com.careerconcierge.consultation.Appointments.Appointment;
import com.careerconcierge.consultation.Appointments.BookingRequest;
import com.careerconcierge.consultation.Choice;
import com.careerconcierge.consultation.Reminder;
import com.careerconcierge.consultation.Reply;
import com.careerconcierge.consultation.Stage;
import com.careerconcierge.consultation.internal.Postback.Kind;
import com.careerconcierge.consultation.internal.Session.Step;

/**
 * Booking a meeting with a career advisor (面談): the days with free slots, the free times
 * of the chosen day, a confirmation, and the booking itself, taken atomically by the
 * {@link Appointments}; then moving or cancelling it. The days and times offered are kept
 * in the session, so a button pressed in an older message is judged against what that
 * message showed, and a slot taken meanwhile is answered with the next free ones.
 */
final class BookingStage implements StageDialogue {

	static final Postback BOOK = Postback.command("book");

	static final Postback MY_BOOKING = Postback.command("myBooking");

	static final Postback CHANGE = Postback.command("bookingChange");

	static final Postback CANCEL = Postback.command("bookingCancel");

	private static final Postback CANCEL_CONFIRM = Postback.command("bookingCancelConfirm");

	private static final Postback KEEP = Postback.command("bookingKeep");

	private static final Postback CONFIRM = Postback.command("bookingConfirm");

	private static final Postback OTHER_DAY = Postback.command("bookingOtherDay");

	private static final Postback QUIT = Postback.command("bookingQuit");

	private static final Postback LATER = Postback.command("bookingLaterTimes");

	private static final Postback CONSENT = Postback.command("bookingConsent");

	/** A Japanese phone number: 10 or 11 digits from 0, hyphens and spaces aside. */
	private static final Pattern PHONE = Pattern.compile("(?<!\\d)0\\d{9,10}(?!\\d)");

	/** Days offered at once: a week of working days. */
	static final int DAYS = 5;

	/** Times offered at once, with the buttons beside them within LINE's 13. */
	static final int TIMES = 9;

	/** 「14時」「14:30」「14時半」. */
	private static final Pattern TYPED_TIME = Pattern
		.compile("(\\d{1,2})\\s*(?:[:：]\\s*(\\d{2})|時\\s*(半|\\d{1,2}分?)?)");

	/** 「12月5日」「5日」. */
	private static final Pattern TYPED_DAY = Pattern.compile("(?:(\\d{1,2})\\s*月\\s*)?(\\d{1,2})\\s*日");

	private static final List<String> WEEKDAYS = List.of("月", "火", "水", "木", "金", "土", "日");

	private final Wording wording;

	private final ConsultationMachine machine;

	private final Appointments appointments;

	BookingStage(Wording wording, ConsultationMachine machine, Appointments appointments) {
		this.wording = wording;
		this.machine = machine;
		this.appointments = appointments;
	}

	@Override
	public Set<Stage> stages() {
		return Set.of(Stage.BOOKING);
	}

	/**
	 * Opens the booking from the plan or the end of the consultation: the user's booking
	 * if they have one, else the days with free slots.
	 * @param turn the turn
	 * @param intent {@link #BOOK}, {@link #MY_BOOKING}, {@link #CHANGE} or
	 * {@link #CANCEL}
	 * @return what comes of it
	 */
	Outcome open(Turn turn, Postback intent) {
		Session session = turn.session();
		Stage from = session.stage();
		this.machine.fire(session, ConsultationEvent.BOOK);
		Optional<Appointment> booked = this.appointments.upcoming(turn.desk().conversation());
		session.bookingDone(booked.map(BookingStage::value).orElse(null));
		session.bookingFrom(from);
		if (booked.isPresent()) {
			if (intent.equals(CHANGE)) {
				return days(turn, null);
			}
			session.reviewBooking(intent.equals(CANCEL) ? Step.BOOKING_CANCEL : Step.BOOKING_MANAGE);
			return Outcome.say(turn.prompt());
		}
		if (intent.equals(CHANGE) || intent.equals(CANCEL)) {
			return days(turn, this.wording.message("bookingNone"));
		}
		return days(turn, null);
	}

	@Override
	public List<Reply> prompt(Session session, List<Choice> choices) {
		Step step = session.step();
		if (step == Step.BOOKING_TIME) {
			return List.of(new Reply(
					this.wording.message("bookingTimes").replace("{day}", Wording.day(session.bookingDay())), choices));
		}
		if (step == Step.BOOKING_CONFIRM) {
			return List.of(new Reply(fill("bookingConfirm", time(session.bookingTime()), null), choices));
		}
		if (step == Step.BOOKING_CONSENT) {
			return List.of(new Reply(fill("bookingContactWhy", time(session.bookingTime()), null), choices));
		}
		if (step == Step.BOOKING_CONTACT) {
			return List.of(new Reply(this.wording.message("bookingContactAsk"), choices));
		}
		if (step == Step.BOOKING_MANAGE || step == Step.BOOKING_CANCEL) {
			String key = (step == Step.BOOKING_MANAGE) ? "bookingCurrent" : "bookingCancelQuestion";
			return List.of(new Reply(fill(key, time(session.booked()), null), choices));
		}
		if (session.slotsOffered().isEmpty()) {
			return List.of(new Reply(this.wording.message("bookingNoDays"), choices));
		}
		return List.of(new Reply(fill("bookingDays", null, null), choices));
	}

	@Override
	public List<Postback> offered(Session session) {
		Step step = session.step();
		if (step == Step.BOOKING_TIME) {
			List<Postback> times = new ArrayList<>();
			session.slotsOffered().forEach((time) -> times.add(new Postback(Kind.TIME, time)));
			if (session.slotsOffered().size() == TIMES) {
				times.add(LATER);
			}
			times.add(OTHER_DAY);
			times.add(QUIT);
			return times;
		}
		if (step == Step.BOOKING_CONFIRM) {
			return List.of(CONFIRM, OTHER_DAY, QUIT);
		}
		if (step == Step.BOOKING_CONSENT) {
			return List.of(CONSENT, QUIT);
		}
		if (step == Step.BOOKING_CONTACT) {
			return List.of(QUIT);
		}
		if (step == Step.BOOKING_MANAGE) {
			return List.of(CHANGE, CANCEL, KEEP);
		}
		if (step == Step.BOOKING_CANCEL) {
			return List.of(CANCEL_CONFIRM, KEEP);
		}
		List<Postback> days = new ArrayList<>();
		session.slotsOffered().forEach((day) -> days.add(new Postback(Kind.DAY, day)));
		days.add(QUIT);
		return days;
	}

	@Override
	public Outcome act(Turn turn, Postback postback, List<Postback> more) {
		Session session = turn.session();
		if (postback.kind() == Kind.DAY) {
			return times(turn, postback.value(), null);
		}
		if (postback.equals(LATER)) {
			List<String> offered = session.slotsOffered();
			return times(turn, session.bookingDay(), offered.isEmpty() ? null : offered.get(offered.size() - 1));
		}
		if (postback.kind() == Kind.TIME) {
			session.pickTime(postback.value());
			return Outcome.say(turn.prompt());
		}
		if (postback.equals(CONFIRM)) {
			if (needsPhone()) {
				session.askContact(Step.BOOKING_CONSENT);
				return Outcome.say(turn.prompt());
			}
			return book(turn, null);
		}
		if (postback.equals(CONSENT) && session.at(Step.BOOKING_CONSENT)) {
			session.askContact(Step.BOOKING_CONTACT);
			return Outcome.say(turn.prompt());
		}
		if (postback.equals(OTHER_DAY) || postback.equals(CHANGE)) {
			return days(turn, null);
		}
		if (postback.equals(CANCEL)) {
			session.reviewBooking(Step.BOOKING_CANCEL);
			return Outcome.say(turn.prompt());
		}
		if (postback.equals(CANCEL_CONFIRM)) {
			Optional<Appointment> cancelled = this.appointments.cancel(turn.desk().conversation());
			return leave(turn, null, cancelled.map((booking) -> fill("bookingCancelled", booking.start(), booking))
				.orElseGet(() -> this.wording.message("bookingNone")));
		}
		if (postback.equals(KEEP)) {
			return leave(turn, session.booked(), this.wording.message("bookingKept"));
		}
		return leave(turn, session.booked(), this.wording.message("bookingLater"));
	}

	/** A day or a time typed instead of pressed: 「明日」「金曜」「12月5日」「14時」「14:30」. */
	@Override
	public Optional<Outcome> capture(Turn turn, String text, JapaneseText.Heard heard) {
		Session session = turn.session();
		if (session.at(Step.BOOKING_CONTACT) && session.contactConsent()) {
			String digits = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC)
				.replaceAll("[\\s\\-‐－ー()（）+]", "");
			Matcher phone = PHONE.matcher(digits);
			if (phone.find()) {
				return Optional.of(book(turn, phone.group()));
			}
			if (digits.chars().filter(Character::isDigit).count() >= 6) {
				// a number, but not a phone number: say so, and keep asking
				return Optional.of(Outcome.say(Reply.of(this.wording.message("bookingContactInvalid")), turn.prompt()));
			}
		}
		if (session.at(Step.BOOKING_DAY)) {
			return typedDay(session.slotsOffered(), text)
				.map((day) -> act(turn, new Postback(Kind.DAY, day), List.of()));
		}
		if (session.at(Step.BOOKING_MANAGE)) {
			// 「金曜にしたい」 while looking at the booking: moving it there
			List<String> free = this.appointments.freeDays(DAYS).stream().map(Wording.DAY_VALUE::format).toList();
			return typedDay(free, text).map((day) -> {
				session.offerSlots(Step.BOOKING_DAY, null, free);
				return act(turn, new Postback(Kind.DAY, day), List.of());
			});
		}
		if (session.at(Step.BOOKING_TIME)) {
			Matcher time = TYPED_TIME.matcher(text);
			if (time.find()) {
				int hour = Integer.parseInt(time.group(1));
				int minute = (time.group(2) != null) ? Integer.parseInt(time.group(2)) : "半".equals(time.group(3)) ? 30
						: (time.group(3) != null) ? Integer.parseInt(time.group(3).replace("分", "")) : 0;
				if (hour < 8 && hour + 12 < 24) {
					hour += 12; // 「2時」 in office hours is 14:00
				}
				String wanted = session.bookingDay() + String.format("%02d%02d", hour, minute);
				if (session.slotsOffered().contains(wanted) || freeTimes(session.bookingDay()).contains(wanted)) {
					session.pickTime(wanted);
					return Optional.of(Outcome.say(turn.prompt()));
				}
			}
		}
		return Optional.empty();
	}

	private Optional<String> typedDay(List<String> offered, String text) {
		LocalDate today = this.appointments.today();
		List<LocalDate> candidates = new ArrayList<>();
		if (text.contains("明後日") || text.contains("あさって")) {
			candidates.add(today.plusDays(2));
		}
		else if (text.contains("明日") || text.contains("あした")) {
			candidates.add(today.plusDays(1));
		}
		else if (text.contains("今日") || text.contains("きょう")) {
			candidates.add(today);
		}
		Matcher date = TYPED_DAY.matcher(text);
		if (candidates.isEmpty() && date.find()) {
			int dayOfMonth = Integer.parseInt(date.group(2));
			for (int ahead = 0; ahead < 62; ahead++) {
				LocalDate day = today.plusDays(ahead);
				if (day.getDayOfMonth() == dayOfMonth
						&& (date.group(1) == null || day.getMonthValue() == Integer.parseInt(date.group(1)))) {
					candidates.add(day);
					break;
				}
			}
		}
		if (candidates.isEmpty()) {
			for (int i = 0; i < WEEKDAYS.size(); i++) {
				if (text.contains(WEEKDAYS.get(i) + "曜")) {
					for (String shown : offered) {
						LocalDate day = LocalDate.parse(shown, Wording.DAY_VALUE);
						if (day.getDayOfWeek().ordinal() == i) {
							candidates.add(day);
							break;
						}
					}
				}
			}
		}
		return candidates.stream().map(Wording.DAY_VALUE::format).filter(offered::contains).findFirst();
	}

	private Outcome days(Turn turn, String before) {
		List<String> days = this.appointments.freeDays(DAYS).stream().map(Wording.DAY_VALUE::format).toList();
		turn.session().offerSlots(Step.BOOKING_DAY, null, days);
		return (before != null) ? Outcome.say(Reply.of(before), turn.prompt()) : Outcome.say(turn.prompt());
	}

	/**
	 * Offers a day's free times, a page at a time.
	 * @param day yyyyMMdd
	 * @param after the last time of the page before ({@code yyyyMMddHHmm}), or null for
	 * the first page
	 * @param before a message to say first, or null
	 */
	private Outcome times(Turn turn, String day, String after) {
		return times(turn, day, after, null);
	}

	private Outcome times(Turn turn, String day, String after, String before) {
		List<String> free = freeTimes(day);
		if (free.isEmpty()) {
			return days(turn, this.wording.message("bookingDayFull").replace("{day}", Wording.day(day)));
		}
		List<String> page = free.stream().filter((time) -> after == null || time.compareTo(after) > 0).toList();
		String note = before;
		if (page.isEmpty()) {
			page = free; // nothing later: back to the first
			note = this.wording.message("bookingNoLaterTimes");
		}
		turn.session().offerSlots(Step.BOOKING_TIME, day, page.subList(0, Math.min(TIMES, page.size())));
		return (note != null) ? Outcome.say(Reply.of(note), turn.prompt()) : Outcome.say(turn.prompt());
	}

	/** The free times nearest to one just taken, before and after it. */
	private Outcome timesAround(Turn turn, String day, String taken, String before) {
		List<String> free = freeTimes(day);
		if (free.isEmpty()) {
			return days(turn, before);
		}
		int next = 0;
		while (next < free.size() && free.get(next).compareTo(taken) < 0) {
			next++;
		}
		int from = Math.max(0, Math.min(next - TIMES / 2, free.size() - TIMES));
		turn.session().offerSlots(Step.BOOKING_TIME, day, free.subList(from, Math.min(free.size(), from + TIMES)));
		return Outcome.say(Reply.of(before), turn.prompt());
	}

	private List<String> freeTimes(String day) {
		return this.appointments.freeTimes(LocalDate.parse(day, Wording.DAY_VALUE), Integer.MAX_VALUE)
			.stream()
			.map((time) -> Wording.TIME_VALUE.format(time.withZoneSameInstant(this.appointments.zone())))
			.toList();
	}

	private boolean needsPhone() {
		return "phone".equals(this.appointments.mode());
	}

	private Outcome book(Turn turn, String phone) {
		Session session = turn.session();
		String chosen = session.bookingTime();
		ZonedDateTime start = time(chosen);
		Optional<Appointment> booked = this.appointments
			.book(new BookingRequest(turn.desk().conversation(), start.toInstant(), session.name(),
					this.wording.script().role(session.role()).map((role) -> role.label()).orElse(null), phone));
		if (booked.isEmpty()) {
			return timesAround(turn, session.bookingDay(), chosen, fill("bookingTaken", start, null));
		}
		return leave(turn, value(booked.get()), fill("bookingDone", booked.get().start(), booked.get()));
	}

	/** Whether meetings can be booked at all (an implementation is there). */
	boolean available() {
		return this.appointments != null;
	}

	/**
	 * An agent handed the conversation back offering a meeting: the days, with a word
	 * that the agent suggested it.
	 * @param turn the turn, just handed back to the bot
	 * @return the offer
	 */
	Outcome offeredByAgent(Turn turn) {
		Outcome days = open(turn, BOOK);
		List<Reply> replies = new ArrayList<>();
		replies.add(Reply.of(this.wording.message("bookingOfferedByAgent")));
		replies.addAll(days.replies());
		return Outcome.say(replies);
	}

	/**
	 * Leaves the booking: for the end of the consultation, or, where it was opened in the
	 * middle of it (an agent offered it), back to that stage.
	 */
	private Outcome leave(Turn turn, String booked, String text) {
		Session session = turn.session();
		Stage from = session.bookingFrom();
		session.bookingDone(booked);
		if (from != null && from != Stage.NEXT_STEPS && from != Stage.COMPLETED && from != Stage.BOOKING) {
			session.backFromBooking(from);
		}
		else {
			this.machine.fire(session, ConsultationEvent.CONTINUE);
		}
		return Outcome.say(turn.withChoices(text));
	}

	/**
	 * A reminder or the offer after a missed meeting, as the user reads it.
	 * @param appointment the booking
	 * @param reminder which
	 * @return the text
	 */
	String remind(Appointment appointment, Reminder reminder) {
		String key = switch (reminder) {
			case DAY_BEFORE -> "bookingReminderDayBefore";
			case HOUR_BEFORE -> "bookingReminderHourBefore";
			case NO_SHOW -> "bookingNoShow";
		};
		return fill(key, appointment.start(), appointment);
	}

	private String fill(String key, ZonedDateTime start, Appointment appointment) {
		String text = this.wording.message(key)
			.replace("{mode}",
					this.wording
						.message(modeKey((appointment != null) ? appointment.mode() : this.appointments.mode())))
			.replace("{minutes}", String.valueOf(this.appointments.length().toMinutes()));
		if (start != null) {
			long minutes = (appointment != null) ? Duration.between(appointment.start(), appointment.end()).toMinutes()
					: this.appointments.length().toMinutes();
			text = text.replace("{when}",
					Wording.when(start.withZoneSameInstant(this.appointments.zone()).toLocalDateTime(), minutes));
		}
		if (appointment != null) {
			text = text.replace("{advisor}", appointment.advisorName());
		}
		return text;
	}

	private static String modeKey(String mode) {
		return switch (mode) {
			case "phone" -> "bookingModePhone";
			case "office" -> "bookingModeOffice";
			default -> "bookingModeOnline";
		};
	}

	private ZonedDateTime time(String value) {
		return LocalDateTime.parse(value, Wording.TIME_VALUE).atZone(this.appointments.zone());
	}

	private static String value(Appointment appointment) {
		return Wording.TIME_VALUE.format(appointment.start().toLocalDateTime());
	}

}
