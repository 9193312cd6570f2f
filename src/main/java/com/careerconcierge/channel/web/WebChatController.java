package com.careerconcierge.channel.web;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.careerconcierge.support.limits.RateLimits;
import com.careerconcierge.support.limits.RateLimits.Limit;
import com.careerconcierge.support.limits.RateLimits.Limiter;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;

import com.careerconcierge.consultation.Answer;
import com.careerconcierge.consultation.Consultation;
import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.consultation.InboundMessage;
import com.careerconcierge.consultation.InvalidMessageException;
import com.careerconcierge.consultation.Reply;
import com.careerconcierge.consultation.UnknownConversationException;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The web chat's API: a session is a conversation on the {@code web} channel whose user
 * id is an unguessable random id (128 bits).
 */
@RestController
@RequestMapping("/api/chat/sessions")
class WebChatController {

	static final String CHANNEL = "web";

	private static final int HISTORY_PAGE = 200;

	private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{22}");

	private final SecureRandom random = new SecureRandom();

	private final Consultation consultation;

	private final WebChatEvents events;

	private final Limiter creations;

	private final Limiter messages;

	WebChatController(Consultation consultation, WebChatEvents events, RateLimits limits) {
		this.consultation = consultation;
		this.events = events;
		this.creations = limits.limiter("session-creations", Limit.of(30, Duration.ofMinutes(1)));
		this.messages = limits.limiter("session-messages", Limit.of(30, Duration.ofMinutes(1)));
	}

	/**
	 * A new chat. The body must be JSON (the page sends {@code {}}): a form on another
	 * site cannot send that without the browser asking first, which this app never
	 * allows.
	 */
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	SessionCreated create(HttpServletRequest request) {
		this.creations.require(request.getRemoteAddr(), "new chat sessions from this address");
		byte[] bytes = new byte[16];
		this.random.nextBytes(bytes);
		String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		Answer answer = this.consultation.start(new ConversationKey(CHANNEL, id), null);
		return new SessionCreated(id, answer.replies(), answer.id());
	}

	@PostMapping("/{id}/messages")
	Replies send(@PathVariable String id, @RequestBody JsonNode body) {
		UserMessage message = UserMessage.from(body);
		ConversationKey key = existing(id);
		this.messages.require(id, "messages in this chat");
		Answer answer = this.consultation
			.handle(new InboundMessage(key, null, message.text(), message.postback(), null));
		return new Replies(answer.replies(), answer.id());
	}

	/**
	 * What the bot and agents said after a message id: a page that was closed or offline
	 * shows what it missed (an agent's message included).
	 */
	@GetMapping("/{id}/messages")
	History history(@PathVariable String id, @RequestParam(defaultValue = "0") long after) {
		ConversationKey key = existing(id);
		if (after < 0) {
			throw new InvalidMessageException("'after' must not be negative");
		}
		return new History(this.consultation.history(key, after, HISTORY_PAGE)
			.stream()
			.map((message) -> WebChatEvents.event(message.id(), message.replies(), message.agent()))
			.toList());
	}

	@GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter events(@PathVariable String id,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
		ConversationKey key = existing(id);
		long after = lastEventId(lastEventId);
		return this.events.open(id, (after > 0) ? this.consultation.history(key, after, HISTORY_PAGE) : List.of());
	}

	private static long lastEventId(String header) {
		if (header == null || header.isBlank()) {
			return 0;
		}
		try {
			return Math.max(0, Long.parseLong(header.strip()));
		}
		catch (NumberFormatException ex) {
			return 0; // not one of ours: start from now, as a new page does
		}
	}

	private ConversationKey existing(String id) {
		ConversationKey key = new ConversationKey(CHANNEL, id);
		if (!SESSION_ID.matcher(id).matches() || !this.consultation.exists(key)) {
			throw new UnknownConversationException("No such chat session");
		}
		return key;
	}

	/**
	 * The request body, read strictly: an object with a string {@code text} or
	 * {@code postback}.
	 */
	record UserMessage(String text, String postback) {

		static UserMessage from(JsonNode body) {
			if (body == null || !body.isObject()) {
				throw new InvalidMessageException("The body must be a JSON object");
			}
			return new UserMessage(string(body, "text"), string(body, "postback"));
		}

		private static String string(JsonNode body, String field) {
			JsonNode value = body.get(field);
			if (value == null || value.isNull()) {
				return null;
			}
			if (!value.isTextual()) {
				throw new InvalidMessageException("'" + field + "' must be a string");
			}
			return value.textValue();
		}

	}

	record SessionCreated(String sessionId, List<Reply> messages, long id) {
	}

	/**
	 * The bot's answer and its message id (the page skips it if the stream brings it
	 * too).
	 */
	record Replies(List<Reply> messages, long id) {
	}

	record History(List<Map<String, Object>> messages) {
	}

}
