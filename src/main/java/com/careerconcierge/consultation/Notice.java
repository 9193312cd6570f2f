package com.careerconcierge.consultation;

/**
 * Notices that answer a message without changing the conversation.
 */
public enum Notice {

	/** A sticker, photo, voice message or other content the bot cannot read. */
	UNSUPPORTED_CONTENT("unsupportedContent"),

	/** A message over the length limit. */
	TEXT_TOO_LONG("textTooLong"),

	/** A message the bot refuses to read (control or bidirectional characters). */
	TEXT_REFUSED("textRefused"),

	/** The user has waited long for an agent. */
	AGENT_FOLLOW_UP("agentFollowUp"),

	/** A message in a group chat: the bot consults one person at a time. */
	PRIVATE_CHAT_ONLY("privateChatOnly"),

	/** A button from an old message that is not on offer any more. */
	STALE_CHOICE("staleChoice");

	private final String messageKey;

	Notice(String messageKey) {
		this.messageKey = messageKey;
	}

	String messageKey() {
		return this.messageKey;
	}

	/**
	 * The notice for a message that was refused.
	 * @param ex why it was refused
	 * @return the notice to answer it with
	 */
	public static Notice refused(InvalidMessageException ex) {
		return ex.tooLong() ? TEXT_TOO_LONG : TEXT_REFUSED;
	}

}
