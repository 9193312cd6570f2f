package com.careerconcierge.consultation.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.springframework.core.io.Resource;

/**
 * Reads the script and refuses one that a channel could not show: the error names the
 * entry.
 */
final class ScriptLoader {

	/** LINE's limit for a quick-reply label. */
	static final int MAX_LABEL = 20;

	/** LINE's limit for quick-reply items. */
	static final int MAX_CHOICES = 13;

	/** Telegram's limit for callback_data. */
	static final int MAX_POSTBACK_BYTES = 64;

	private static final Pattern ID = Pattern.compile("[a-z0-9_]+");

	private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

	private ScriptLoader() {
	}

	/**
	 * Loads and validates a script.
	 * @param resource the YAML file
	 * @return the script
	 * @throws InvalidScriptException naming the first broken entry
	 */
	public static Script load(Resource resource) {
		Script script;
		try (InputStream in = resource.getInputStream()) {
			script = YAML.readValue(in, Script.class);
		}
		catch (IOException ex) {
			throw new InvalidScriptException("Cannot read the script " + resource + ": " + ex.getMessage(), ex);
		}
		validate(script);
		return script;
	}

	static void validate(Script script) {
		require(script.messages() != null, "messages", "is missing");
		for (String key : Wording.MESSAGES) {
			String text = script.messages().get(key);
			require(text != null && !text.isBlank(), "messages." + key, "is missing or empty");
		}
		require(script.commands() != null, "commands", "is missing");
		for (String key : Wording.COMMANDS) {
			Script.Option option = script.commands().get(key);
			require(option != null, "commands." + key, "is missing");
			checkOption("commands." + key, Postback.command(key).payload(), option);
		}
		checkOptions("concerns", Postback.Kind.CONCERN, script.concerns(), 2);
		checkOptions("strengths", Postback.Kind.STRENGTH, script.strengths(), 2);
		checkOptions("roles", Postback.Kind.ROLE, script.roles(), 1);
		checkOptions("rating", Postback.Kind.RATING, script.rating(), 0);
		require(script.role(Wording.UNSURE).isPresent(), "roles", "needs an entry with id '" + Wording.UNSURE + "'");
		for (int i = 0; i < script.roles().size(); i++) {
			Script.Option role = script.roles().get(i);
			if (!role.id().equals(Wording.UNSURE)) {
				require(!role.reply().isBlank(), "roles[" + i + "].reply", "is empty");
				require(!role.motive().isBlank(), "roles[" + i + "].motive", "is empty");
				require(!role.keywords().isEmpty(), "roles[" + i + "].keywords", "is empty");
			}
		}
		for (int i = 0; i < script.concerns().size(); i++) {
			require(!script.concerns().get(i).reply().isBlank(), "concerns[" + i + "].reply", "is empty");
			require(!script.concerns().get(i).plan().isBlank(), "concerns[" + i + "].plan", "is empty");
			require(!script.concerns().get(i).topic().isBlank(), "concerns[" + i + "].topic", "is empty");
		}
		for (int i = 0; i < script.strengths().size(); i++) {
			require(!script.strengths().get(i).plan().isBlank(), "strengths[" + i + "].plan", "is empty");
		}
		require(script.fitCheck() != null && !script.fitCheck().isEmpty(), "fitCheck", "has no question");
		for (int i = 0; i < script.fitCheck().size(); i++) {
			Script.FitQuestion question = script.fitCheck().get(i);
			require(question.text() != null && !question.text().isBlank(), "fitCheck[" + i + "].text", "is empty");
			require(question.weights() != null, "fitCheck[" + i + "].weights", "is missing");
			checkRoles("fitCheck[" + i + "].weights", question.weights(), script);
		}
		if (script.fitBase() != null) {
			checkRoles("fitBase", script.fitBase(), script);
		}
	}

	private static void checkRoles(String path, Map<String, Integer> weights, Script script) {
		for (String role : weights.keySet()) {
			require(script.role(role).isPresent() && !role.equals(Wording.UNSURE), path + "." + role, "names no role");
		}
	}

	private static void checkOptions(String path, Postback.Kind kind, List<Script.Option> options, int extraChoices) {
		require(options != null && !options.isEmpty(), path, "is missing or empty");
		require(options.size() + extraChoices <= MAX_CHOICES, path, "offers " + (options.size() + extraChoices)
				+ " choices with the buttons added to it; at most " + MAX_CHOICES + " fit a LINE quick reply");
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < options.size(); i++) {
			Script.Option option = options.get(i);
			String where = path + "[" + i + "]";
			require(option.id() != null && ID.matcher(option.id()).matches(), where + ".id",
					"must be lower-case letters, digits and _");
			require(ids.add(option.id()), where + ".id", "'" + option.id() + "' is used twice");
			checkOption(where, new Postback(kind, option.id()).payload(), option);
		}
	}

	private static void checkOption(String where, String postback, Script.Option option) {
		for (int i = 0; i < option.examples().size(); i++) {
			require(option.examples().get(i) != null && !JapaneseText.terms(option.examples().get(i)).isEmpty(),
					where + ".examples[" + i + "]", "has no word to match (empty, or only particles)");
		}
		require(option.label() != null && !option.label().isBlank(), where + ".label", "is empty");
		require(option.label().codePointCount(0, option.label().length()) <= MAX_LABEL, where + ".label",
				"'" + option.label() + "' is longer than " + MAX_LABEL + " characters");
		require(postback.getBytes(StandardCharsets.UTF_8).length <= MAX_POSTBACK_BYTES, where + ".id",
				"makes the postback '" + postback + "' longer than " + MAX_POSTBACK_BYTES + " bytes");
	}

	private static void require(boolean condition, String entry, String problem) {
		if (!condition) {
			throw new InvalidScriptException("Script entry '" + entry + "' " + problem);
		}
	}

	/**
	 * The script cannot be used; the message names the entry.
	 */
	public static class InvalidScriptException extends IllegalStateException {

		InvalidScriptException(String message) {
			super(message);
		}

		InvalidScriptException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
