package com.careerconcierge.consultation.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.careerconcierge.consultation.Stage;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What is kept about one user between messages: where the conversation stands (stage, a
 * step within it, the stage to resume after a handoff) and what the user told the bot.
 * Changed only through its methods, each named for what the user did; stored as compact
 * JSON (its fields, empty ones left out) to keep each user under a kilobyte.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
		isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
final class Session {

	/** The longest episode kept, in characters. */
	static final int MAX_EPISODE = 200;

	/** The longest part of a typed worry kept to quote back, in characters. */
	static final int MAX_CONCERN_WORDS = 40;

	private Stage stage = Stage.WELCOME;

	/**
	 * The consultation stage to resume after a handoff (the machine's shallow history).
	 */
	private Stage resume;

	private String name;

	private final List<String> concerns = new ArrayList<>();

	/** What the user typed for a concern, by concern (pressed ones have none). */
	private final Map<String, String> concernWords = new LinkedHashMap<>();

	private final List<String> strengths = new ArrayList<>();

	private String episode;

	private String role;

	private Step step;

	private final List<Boolean> fit = new ArrayList<>();

	private String recommended;

	private int misses;

	private boolean confirmingForget;

	/** The choice the bot asked back about (「『経理』のことですか？」), as a postback. */
	private String askedBack;

	private Integer rating;

	private String ratingComment;

	/** The days or times last offered for a booking (yyyyMMdd or yyyyMMddHHmm). */
	private final List<String> slotsOffered = new ArrayList<>();

	/** The day chosen for a booking, yyyyMMdd. */
	private String bookingDay;

	/** The time chosen for a booking, yyyyMMddHHmm in the agency's zone. */
	private String bookingTime;

	/** When the user's booked meeting starts (yyyyMMddHHmm), or null with none. */
	private String booked;

	/**
	 * Whether the user agreed to give a phone number for this booking. The number itself
	 * is never kept in the session: it goes with the booking, and {@code /forget} deletes
	 * it there.
	 */
	private boolean contactConsent;

	/** The stage the booking was opened from, to go back to where it was mid-way. */
	private Stage bookingFrom;

	/**
	 * A step within a stage.
	 */
	public enum Step {

		/** Strengths chosen; the user is asked for an episode in their own words. */
		EPISODE("episode"),

		/** The fit check's yes/no questions. */
		FIT("fit"),

		/** The fit check's recommendation, to accept or change. */
		RECOMMEND("recommend"),

		/** Booking: the days with free slots. */
		BOOKING_DAY("day"),

		/** Booking: the free times of the chosen day. */
		BOOKING_TIME("time"),

		/** Booking: the chosen slot, to confirm. */
		BOOKING_CONFIRM("confirm"),

		/** Booking: the user's booking, to keep, move or cancel. */
		BOOKING_MANAGE("manage"),

		/** Booking: the cancellation, to confirm. */
		BOOKING_CANCEL("cancel"),

		/** Booking by phone: why the number is needed, to agree to. */
		BOOKING_CONSENT("consent"),

		/** Booking by phone: the number, typed. */
		BOOKING_CONTACT("contact");

		private final String json;

		Step(String json) {
			this.json = json;
		}

		@JsonValue
		String json() {
			return this.json;
		}

		@JsonCreator
		static Step of(String json) {
			for (Step step : values()) {
				if (step.json.equals(json)) {
					return step;
				}
			}
			return null;
		}

	}

	// What the conversation and the user's answers are

	public Stage stage() {
		return this.stage;
	}

	/** Where the consultation resumes after a handoff, or null inside it. */
	public Stage resume() {
		return this.resume;
	}

	/** The stage the user was in before a handoff, or the current one. */
	public Stage consultationStage() {
		return (this.resume != null) ? this.resume : this.stage;
	}

	public String name() {
		return this.name;
	}

	public List<String> concerns() {
		return Collections.unmodifiableList(this.concerns);
	}

	/**
	 * The user's own words for a concern.
	 * @param id the concern
	 * @return what they typed, or null if they pressed its button
	 */
	public String concernWords(String id) {
		return this.concernWords.get(id);
	}

	public List<String> strengths() {
		return Collections.unmodifiableList(this.strengths);
	}

	public String episode() {
		return this.episode;
	}

	public String role() {
		return this.role;
	}

	public Step step() {
		return this.step;
	}

	public boolean at(Step step) {
		return this.step == step;
	}

	public List<Boolean> fitAnswers() {
		return Collections.unmodifiableList(this.fit);
	}

	public String recommended() {
		return this.recommended;
	}

	public int misses() {
		return this.misses;
	}

	public boolean confirmingForget() {
		return this.confirmingForget;
	}

	public Integer rating() {
		return this.rating;
	}

	/** What the user wrote about the handoff they rate, or null. */
	public String ratingComment() {
		return this.ratingComment;
	}

	// What the user did

	/**
	 * The channel told the user's name (it may change between messages).
	 * @param name the name, or null when not known
	 */
	public void named(String name) {
		if (name != null) {
			this.name = name;
		}
	}

	/**
	 * The user picked a concern.
	 * @param id the concern
	 * @param words what they typed for it, or null if they pressed its button; kept cut
	 * to {@value #MAX_CONCERN_WORDS} characters
	 * @return false if it was picked already
	 */
	public boolean addConcern(String id, String words) {
		if (this.concerns.contains(id)) {
			return false;
		}
		this.concerns.add(id);
		if (words != null && !words.isBlank()) {
			this.concernWords.put(id, com.careerconcierge.consultation.UserText.cut(words.strip(), MAX_CONCERN_WORDS));
		}
		return true;
	}

	/**
	 * The user picked a strength.
	 * @param id the strength
	 * @return false if it was picked already
	 */
	public boolean addStrength(String id) {
		return !this.strengths.contains(id) && this.strengths.add(id);
	}

	/** The bot asks for an episode. */
	public void askForEpisode() {
		this.step = Step.EPISODE;
	}

	/**
	 * The user told an episode; it is kept cut to {@value #MAX_EPISODE} characters.
	 * @param text the episode
	 */
	public void tellEpisode(String text) {
		this.episode = com.careerconcierge.consultation.UserText.cut(text, MAX_EPISODE);
		this.step = null;
	}

	/** The user will think of an episode later. */
	public void skipEpisode() {
		this.episode = null;
		this.step = null;
	}

	/** The user starts the fit check. */
	public void startFitCheck() {
		this.step = Step.FIT;
		this.fit.clear();
	}

	/**
	 * The user answered a fit-check question.
	 * @param yes the answer
	 * @return how many questions are answered now
	 */
	public int answerFit(boolean yes) {
		this.fit.add(yes);
		return this.fit.size();
	}

	/**
	 * The fit check is done and recommends a role.
	 * @param id the role
	 */
	public void recommend(String id) {
		this.recommended = id;
		this.step = Step.RECOMMEND;
	}

	/** The user prefers to choose a role themselves. */
	public void chooseOtherRole() {
		this.step = null;
	}

	/**
	 * The user chose a role.
	 * @param id the role
	 */
	public void chooseRole(String id) {
		this.role = id;
		this.step = null;
	}

	/**
	 * The bot did not understand the user once more.
	 * @return misunderstandings in a row
	 */
	public int misunderstood() {
		return ++this.misses;
	}

	/** The bot understood the user. */
	public void understood() {
		this.misses = 0;
	}

	/**
	 * The bot asked whether the user meant a choice.
	 * @param payload the choice's postback
	 */
	public void askBack(String payload) {
		this.askedBack = payload;
	}

	/** The choice the bot asked back about, or null. */
	public String askedBack() {
		return this.askedBack;
	}

	/** The user answered the question back, or went on to something else. */
	public void askedBackAnswered() {
		this.askedBack = null;
	}

	/** The user asked to delete everything; the bot asks to confirm. */
	public void askToConfirmForget() {
		this.confirmingForget = true;
	}

	/** The user answered the confirmation (either way). */
	public void forgetAnswered() {
		this.confirmingForget = false;
	}

	/**
	 * The user rated a closed handoff.
	 * @param rating 1 to 5
	 * @param comment what they wrote with it, or null to keep one written before; kept
	 * cut to {@value #MAX_EPISODE} characters
	 */
	public void rate(int rating, String comment) {
		this.rating = rating;
		commentOnRating(comment);
	}

	/** A handoff ended: its rating is yet to come. */
	public void askForRating() {
		this.rating = null;
		this.ratingComment = null;
	}

	/**
	 * The user wrote about the handoff before rating it.
	 * @param comment the words, or null
	 */
	public void commentOnRating(String comment) {
		if (comment != null && !comment.isBlank()) {
			this.ratingComment = com.careerconcierge.consultation.UserText.cut(comment.strip(), MAX_EPISODE);
		}
	}

	/** The user starts over: everything they told the bot goes, the name stays. */
	public void startOver() {
		this.concerns.clear();
		this.concernWords.clear();
		this.strengths.clear();
		this.episode = null;
		this.role = null;
		this.step = null;
		this.fit.clear();
		this.recommended = null;
		this.misses = 0;
		this.confirmingForget = false;
		this.askedBack = null;
		leaveBooking(); // a booked meeting stays booked
	}

	/** The days or times the bot offered last for a booking. */
	public List<String> slotsOffered() {
		return Collections.unmodifiableList(this.slotsOffered);
	}

	public String bookingDay() {
		return this.bookingDay;
	}

	public String bookingTime() {
		return this.bookingTime;
	}

	/** When the user's booked meeting starts (yyyyMMddHHmm), or null. */
	public String booked() {
		return this.booked;
	}

	/**
	 * The bot offers days, or times of a day, to book.
	 * @param step {@link Step#BOOKING_DAY} or {@link Step#BOOKING_TIME}
	 * @param day the chosen day with times, else null
	 * @param offered the days or times
	 */
	public void offerSlots(Step step, String day, List<String> offered) {
		this.step = step;
		this.bookingDay = day;
		this.bookingTime = null;
		this.slotsOffered.clear();
		this.slotsOffered.addAll(offered);
	}

	/**
	 * The user picked a time; the bot asks to confirm.
	 * @param time yyyyMMddHHmm
	 */
	public void pickTime(String time) {
		this.step = Step.BOOKING_CONFIRM;
		this.bookingTime = time;
	}

	/**
	 * A phone meeting: the bot explains why it needs a number
	 * ({@link Step#BOOKING_CONSENT}) or, once the user agreed, asks for it
	 * ({@link Step#BOOKING_CONTACT}).
	 * @param step which
	 */
	public void askContact(Step step) {
		this.step = step;
		this.contactConsent = (step == Step.BOOKING_CONTACT);
	}

	public boolean contactConsent() {
		return this.contactConsent;
	}

	void bookingFrom(Stage stage) {
		if (stage != Stage.BOOKING) {
			this.bookingFrom = stage;
		}
	}

	Stage bookingFrom() {
		return this.bookingFrom;
	}

	/**
	 * The booking, opened in the middle of the consultation, is over: the user goes on
	 * where they were (what the state machine's history would do, had the booking been a
	 * state of its own outside the consultation).
	 */
	void backFromBooking(Stage stage) {
		moveTo(stage, null);
	}

	/**
	 * The bot shows the user's booking with what they can do with it, or asks to confirm
	 * its cancellation.
	 * @param step {@link Step#BOOKING_MANAGE} or {@link Step#BOOKING_CANCEL}
	 */
	public void reviewBooking(Step step) {
		this.step = step;
		this.slotsOffered.clear();
	}

	/**
	 * The booking is done, moved, cancelled or left for later.
	 * @param start the booked start (yyyyMMddHHmm), or null with none now
	 */
	public void bookingDone(String start) {
		this.booked = start;
		this.step = null;
		this.bookingDay = null;
		this.bookingTime = null;
		this.contactConsent = false;
		this.bookingFrom = null;
		this.slotsOffered.clear();
	}

	/** The booking step ends without changing what is booked. */
	public void leaveBooking() {
		bookingDone(this.booked);
	}

	// The state machine's side (see SessionPersist)

	void moveTo(Stage stage, Stage resume) {
		this.stage = stage;
		this.resume = resume;
	}

}
