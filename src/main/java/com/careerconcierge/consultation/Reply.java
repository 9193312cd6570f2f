package com.careerconcierge.consultation;

import java.util.List;

/**
 * One message from the bot, with the buttons that go with it.
 *
 * @param text the message
 * @param choices buttons, possibly none
 */
public record Reply(String text, List<Choice> choices) {

	public Reply {
		choices = List.copyOf(choices);
	}

	public static Reply of(String text) {
		return new Reply(text, List.of());
	}

}
