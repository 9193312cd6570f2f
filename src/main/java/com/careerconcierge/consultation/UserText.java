package com.careerconcierge.consultation;

/**
 * Rules for text that users send and that others then see (agents in the console, the bot
 * quoting it back): no control characters, no bidirectional overrides that would make it
 * read differently than it was written, and no invisible-only messages.
 */
public final class UserText {

	/** The longest display name kept; longer ones are cut (with an ellipsis). */
	static final int MAX_NAME = 40;

	private UserText() {
	}

	/**
	 * A display name fit to show: controls and bidirectional formatting removed, runs of
	 * white space folded to one space, at most {@link #MAX_NAME} characters.
	 * @param name as the channel gave it, or null
	 * @return the name, or null if nothing visible is left
	 */
	static String displayName(String name) {
		if (name == null) {
			return null;
		}
		StringBuilder clean = new StringBuilder(Math.min(name.length(), MAX_NAME * 2));
		boolean space = false;
		for (int i = 0; i < name.length();) {
			int cp = name.codePointAt(i);
			i += Character.charCount(cp);
			if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
				space = clean.length() > 0;
				continue;
			}
			if (isControl(cp) || isFormat(cp)) {
				continue;
			}
			if (space) {
				clean.append(' ');
				space = false;
			}
			clean.appendCodePoint(cp);
		}
		String result = clean.toString();
		if (result.isEmpty()) {
			return null;
		}
		return cut(result, MAX_NAME);
	}

	/**
	 * What is wrong with a message's text, if anything.
	 * @param text the text
	 * @return null if it may be taken, else the reason
	 */
	static String problem(String text) {
		boolean visible = false;
		for (int i = 0; i < text.length();) {
			int cp = text.codePointAt(i);
			i += Character.charCount(cp);
			if (isControl(cp) && cp != '\n' && cp != '\r' && cp != '\t') {
				return "The text contains control characters";
			}
			if (isBidiControl(cp)) {
				return "The text contains bidirectional formatting characters";
			}
			if (!Character.isWhitespace(cp) && !Character.isSpaceChar(cp) && !isFormat(cp)) {
				visible = true;
			}
		}
		return visible ? null : "The text is empty";
	}

	/**
	 * At most {@code max} code points, with an ellipsis when cut; never splits a
	 * surrogate pair.
	 * @param text any text
	 * @param max the most code points kept before the ellipsis
	 * @return the text, cut if needed
	 */
	public static String cut(String text, int max) {
		if (text.codePointCount(0, text.length()) <= max) {
			return text;
		}
		return text.substring(0, text.offsetByCodePoints(0, max)) + "…";
	}

	private static boolean isControl(int cp) {
		return Character.getType(cp) == Character.CONTROL;
	}

	/** Zero-width and other invisible formatting characters (Unicode category Cf). */
	private static boolean isFormat(int cp) {
		return Character.getType(cp) == Character.FORMAT;
	}

	/** Embeddings, overrides and isolates: U+202A–U+202E and U+2066–U+2069. */
	private static boolean isBidiControl(int cp) {
		return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
	}

}
