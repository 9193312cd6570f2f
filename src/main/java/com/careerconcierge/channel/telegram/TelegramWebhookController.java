package com.careerconcierge.channel.telegram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives updates in webhook mode. The secret header is checked (in constant time)
 * before the body is even parsed; a wrong or missing one is a 401 and nothing happens.
 */
@RestController
@ConditionalOnExpression("'${concierge.telegram.bot-token:}'.trim() != '' and '${concierge.telegram.mode:}'.trim().equalsIgnoreCase('webhook')")
class TelegramWebhookController {

	private static final Logger log = LoggerFactory.getLogger(TelegramWebhookController.class);

	private final TelegramUpdates updates;

	private final ObjectMapper json;

	private final byte[] secret;

	TelegramWebhookController(TelegramUpdates updates, ObjectMapper json, TelegramProperties properties) {
		this.updates = updates;
		this.json = json;
		this.secret = properties.webhookSecret().getBytes(StandardCharsets.UTF_8);
	}

	@PostMapping("/telegram/webhook")
	ResponseEntity<Object> receive(
			@RequestHeader(name = "X-Telegram-Bot-Api-Secret-Token", required = false) String token,
			@RequestBody(required = false) byte[] body) throws IOException {
		if (token == null || !MessageDigest.isEqual(this.secret, token.getBytes(StandardCharsets.UTF_8))) {
			throw new WrongSecretException();
		}
		if (body == null || body.length == 0) {
			throw new MalformedUpdateException("empty body");
		}
		JsonNode update;
		try {
			update = this.json.readTree(body);
		}
		catch (IOException ex) {
			throw new MalformedUpdateException(ex.getClass().getSimpleName());
		}
		if (update == null || !update.isObject() || !update.path("update_id").isIntegralNumber()
				|| !update.path("update_id").canConvertToInt()) {
			throw new MalformedUpdateException("no update_id");
		}
		if (!TelegramInbound.wellFormed(update)) {
			throw new MalformedUpdateException("a field of the wrong type");
		}
		// Answered once the turn is committed; the outbox delivers the replies. A pressed
		// button's answer travels in the response, for Telegram to make.
		// Written as bytes: content negotiation and a bean serializer for a two-field
		// body
		// cost a tenth of the webhook's CPU.
		return this.updates.handle(TelegramInbound.from(update))
			.<ResponseEntity<Object>>map((method) -> ResponseEntity.ok()
				.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
				.body(answer(method.getCallbackQueryId())))
			.orElseGet(() -> ResponseEntity.ok().build());
	}

	private byte[] answer(String callbackQueryId) {
		try {
			return this.json.writeValueAsBytes(this.json.createObjectNode()
				.put("method", "answerCallbackQuery")
				.put("callback_query_id", callbackQueryId));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot write the button's answer", ex);
		}
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> wrongSecret(WrongSecretException ex) {
		log.warn("Rejected a Telegram webhook call with a wrong or missing secret token");
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
				"Missing or wrong X-Telegram-Bot-Api-Secret-Token");
		problem.setTitle("Unauthorized");
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> malformed(MalformedUpdateException ex) {
		log.info("Rejected a malformed Telegram update: {}", ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Not a Telegram update");
		problem.setTitle("Bad Request");
		return ResponseEntity.badRequest().body(problem);
	}

	static class WrongSecretException extends RuntimeException {

	}

	static class MalformedUpdateException extends RuntimeException {

		MalformedUpdateException(String message) {
			super(message);
		}

	}

}
