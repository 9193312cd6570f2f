package com.careerconcierge.channel.telegram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import com.careerconcierge.support.web.Problems;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Receives updates in webhook mode, at {@code POST /telegram/webhook} exactly. The secret
 * header is checked (in constant time) before the body is even parsed; a wrong or missing
 * one is a 401 and nothing happens.
 * <p>
 * It is a filter that answers the request itself, placed just after the request
 * observation, the body guard and the wildcard Content-Type check, not a controller:
 * Spring Security's chain, Spring Session's filter and Spring MVC's dispatch took a third
 * of a webhook's request thread under the Telegram harness, for a caller that sends no
 * cookies, reads no pages and proves itself with the secret checked here. Our own
 * failures are answered by the application's exception handlers, as they would answer a
 * controller's (a busy conversation or Redis down: 503 with {@code Retry-After}). The
 * servlet mapping lets encoded and {@code ;} spellings of the path through; they go on to
 * the application's chain, which serves nothing there.
 */
class TelegramWebhookFilter extends HttpFilter {

	static final String PATH = "/telegram/webhook";

	private static final Logger log = LoggerFactory.getLogger(TelegramWebhookFilter.class);

	private static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

	private final transient TelegramUpdates updates;

	private final transient ObjectMapper json;

	private final transient HandlerExceptionResolver failures;

	private final byte[] secret;

	TelegramWebhookFilter(TelegramUpdates updates, ObjectMapper json, HandlerExceptionResolver failures,
			TelegramProperties properties) {
		this.updates = updates;
		this.json = json;
		this.failures = failures;
		this.secret = properties.webhookSecret().getBytes(StandardCharsets.UTF_8);
	}

	@Override
	protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (!"POST".equals(request.getMethod()) || !request.getRequestURI().equals(request.getContextPath() + PATH)) {
			chain.doFilter(request, response);
			return;
		}
		ServerHttpObservationFilter.findObservationContext(request)
			.ifPresent((observation) -> observation.setPathPattern(PATH));
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Cache-Control", "no-store");
		try {
			receive(request, response);
		}
		catch (WrongSecretException ex) {
			log.warn("Rejected a Telegram webhook call with a wrong or missing secret token");
			Problems.write(request, response, Problems.of(HttpStatus.UNAUTHORIZED, "Unauthorized",
					"Missing or wrong X-Telegram-Bot-Api-Secret-Token"));
		}
		catch (MalformedUpdateException ex) {
			log.info("Rejected a malformed Telegram update: {}", ex.getMessage());
			Problems.write(request, response,
					Problems.of(HttpStatus.BAD_REQUEST, "Bad Request", "Not a Telegram update"));
		}
		catch (RuntimeException ex) {
			// Our own failure, answered as the application's exception handlers answer
			// a controller's (busy or Redis down: 503), so Telegram delivers it again.
			if (this.failures.resolveException(request, response, null, ex) == null) {
				throw ex;
			}
		}
	}

	private void receive(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String token = request.getHeader(SECRET_HEADER);
		if (token == null || !MessageDigest.isEqual(this.secret, token.getBytes(StandardCharsets.UTF_8))) {
			throw new WrongSecretException();
		}
		// A body the guard refuses (too large, too slow) fails here with an IOException,
		// which the guard answers on the way out.
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

	static class WrongSecretException extends RuntimeException {

	}

	static class MalformedUpdateException extends RuntimeException {

		MalformedUpdateException(String message) {
			super(message);
		}

	}

}
