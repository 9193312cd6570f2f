package com.careerconcierge.consultation.internal;

/**
 * A word or sentence an advisor taught for a choice.
 *
 * @param choice the choice it selects
 * @param example true for an example sentence (scored, see {@link Examples}), false for a
 * synonym (found in the message as it is)
 * @param text the word or sentence
 */
record Lesson(Postback choice, boolean example, String text) {

	/** How the two sorts are named in storage and over the API. */
	static final String SYNONYM = "synonym";

	static final String EXAMPLE = "example";

	String kind() {
		return this.example ? EXAMPLE : SYNONYM;
	}

}
