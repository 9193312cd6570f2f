package com.careerconcierge.handoff.web;

import java.util.List;

import com.careerconcierge.consultation.InvalidMessageException;
import com.careerconcierge.consultation.Understanding;
import com.careerconcierge.consultation.Understanding.ChoiceOption;
import com.careerconcierge.consultation.Understanding.MissedMessage;
import com.careerconcierge.consultation.Understanding.TaughtWord;
import com.careerconcierge.consultation.Understanding.VocabularyChange;
import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The advisors' review loop over the agent API: the messages the bot missed, the words
 * taught for its choices (taught and taken back by any agent, recorded with their name),
 * and the history of those changes.
 */
@RestController
@RequestMapping("/api/agent/understanding")
class UnderstandingController {

	private static final int MAX = 500;

	private final Understanding understanding;

	UnderstandingController(Understanding understanding) {
		this.understanding = understanding;
	}

	@GetMapping("/missed")
	Missed missed(@RequestParam(defaultValue = "100") int limit) {
		return new Missed(this.understanding.missedCount(),
				this.understanding.missed(Math.max(0, Math.min(limit, MAX))));
	}

	@DeleteMapping("/missed/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void dismiss(@PathVariable String id) {
		this.understanding.dismiss(id);
	}

	@GetMapping("/words")
	Words words() {
		return new Words(this.understanding.taught());
	}

	@PostMapping(path = "/words", consumes = "application/json")
	@ResponseStatus(HttpStatus.CREATED)
	TaughtWord teach(@AuthenticationPrincipal Agent agent, @RequestBody JsonNode body) {
		return this.understanding.teach(text(body, "choice", true), text(body, "word", true), text(body, "as", false),
				agent.name(), text(body, "missedId", false));
	}

	@DeleteMapping("/words")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void unteach(@AuthenticationPrincipal Agent agent, @RequestParam String choice,
			@RequestParam(name = "as", defaultValue = "synonym") String kind, @RequestParam String word) {
		this.understanding.unteach(choice, kind, word, agent.name());
	}

	@GetMapping("/history")
	History history(@RequestParam(defaultValue = "50") int limit) {
		return new History(this.understanding.history(Math.max(1, Math.min(limit, MAX))));
	}

	@GetMapping("/choices")
	Choices choices() {
		return new Choices(this.understanding.choices());
	}

	private static String text(JsonNode body, String field, boolean required) {
		JsonNode value = (body != null && body.isObject()) ? body.get(field) : null;
		if (value == null || value.isNull()) {
			if (required) {
				throw new InvalidMessageException(
						"The body must be {\"choice\": \"…\", \"word\": \"…\"}; " + field + " is missing");
			}
			return null;
		}
		if (!value.isTextual()) {
			throw new InvalidMessageException("The field " + field + " must be a string");
		}
		return value.textValue();
	}

	/**
	 * @param total how many are kept
	 * @param messages the latest of them
	 */
	record Missed(long total, List<MissedMessage> messages) {
	}

	record Words(List<TaughtWord> words) {
	}

	record History(List<VocabularyChange> changes) {
	}

	record Choices(List<ChoiceOption> choices) {
	}

}
