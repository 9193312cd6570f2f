package com.careerconcierge.consultation.internal;

import java.util.Optional;

/**
 * What a button means, parsed once from its payload ({@code kind:value}, at most 64
 * bytes): a command, or one of the script's concerns, strengths, roles or ratings.
 *
 * @param kind what sort of button
 * @param value the command's or the option's id
 */
record Postback(Kind kind, String value) {

	/**
	 * The sorts of buttons.
	 */
	public enum Kind {

		/** A command such as {@code next} or {@code agent}. */
		COMMAND("cmd"),

		/** A concern to add. */
		CONCERN("concern"),

		/** A strength to add. */
		STRENGTH("strength"),

		/** A role to choose. */
		ROLE("role"),

		/** A 1–5 rating. */
		RATING("rating"),

		/** A day to book a meeting on, {@code yyyyMMdd}. */
		DAY("day"),

		/** A time to book a meeting at, {@code yyyyMMddHHmm} in the agency's zone. */
		TIME("time");

		private final String prefix;

		Kind(String prefix) {
			this.prefix = prefix;
		}

	}

	/**
	 * A command button.
	 * @param command its key in the script
	 * @return the postback
	 */
	public static Postback command(String command) {
		return new Postback(Kind.COMMAND, command);
	}

	/**
	 * Reads a button's payload.
	 * @param payload e.g. {@code role:accounting}
	 * @return the postback, or empty for anything this bot never sent
	 */
	public static Optional<Postback> parse(String payload) {
		int colon = payload.indexOf(':');
		if (colon <= 0 || colon == payload.length() - 1) {
			return Optional.empty();
		}
		String prefix = payload.substring(0, colon);
		for (Kind kind : Kind.values()) {
			if (kind.prefix.equals(prefix)) {
				return Optional.of(new Postback(kind, payload.substring(colon + 1)));
			}
		}
		return Optional.empty();
	}

	/**
	 * Whether this is the given command.
	 * @param command the command's key
	 * @return true for that command's button
	 */
	public boolean is(String command) {
		return this.kind == Kind.COMMAND && this.value.equals(command);
	}

	/**
	 * The payload a channel carries.
	 * @return e.g. {@code role:accounting}
	 */
	public String payload() {
		return this.kind.prefix + ":" + this.value;
	}

	@Override
	public String toString() {
		return payload();
	}

}
