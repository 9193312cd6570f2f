package com.careerconcierge.channel.telegram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives updates in webhook mode. The secret header is checked (in constant time)
 * before the body is even parsed; a wrong or missing one is a 401 and nothing happens.
 */
@RestController
@ConditionalOnExpression("'${concierge.telegram.bot-token:}'.trim() != '' and '${concierge.telegram.mode:}'.trim().equalsIgnoreCase('webhook')")
class TelegramWebhookController {

	private static final Logger log = LoggerFactory.getLogger(TelegramWebhookController.class);

	private static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

	private final TelegramUpdates updates;

	private final ObjectMapper json;

	private final byte[] secret;

	TelegramWebhookController(TelegramUpdates updates, ObjectMapper json, TelegramProperties properties) {
		this.updates = updates;
		this.json = json;
		this.secret = properties.webhookSecret().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Reads the request and writes the answer itself: argument resolvers, message
	 * converters and content negotiation for a header, a byte array and a two-field
	 * answer cost about a twentieth of the bot's CPU under the Telegram harness. Failures
	 * still go through the handlers below and the application's problem advice.
	 */
	@PostMapping("/telegram/webhook")
	void receive(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String token = request.getHeader(SECRET_HEADER);
		if (token == null || !MessageDigest.isEqual(this.secret, token.getBytes(StandardCharsets.UTF_8))) {
			throw new WrongSecretException();
		}
		byte[] body = request.getInputStream().readAllBytes();
		if (body.length == 0) {
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
		Optional<AnswerCallbackQuery> answer = this.updates.handle(TelegramInbound.from(update));
		response.setStatus(HttpServletResponse.SC_OK);
		if (answer.isPresent()) {
			byte[] written = answer(answer.get().getCallbackQueryId());
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.setContentLength(written.length);
			response.getOutputStream().write(written);
		}
		else {
			response.setContentLength(0);
		}
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
