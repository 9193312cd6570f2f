package com.careerconcierge.consultation;

import java.time.Duration;

import com.careerconcierge.support.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * How the consultation's exceptions are answered wherever a controller lets them through:
 * a message it cannot take 400, an unknown conversation 404, an action that does not fit
 * the conversation 409, a busy conversation 503 with {@code Retry-After} (the platform
 * delivers again).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
class ConsultationProblems {

	private static final Logger log = LoggerFactory.getLogger(ConsultationProblems.class);

	private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalid(InvalidMessageException ex) {
		log.info("Rejected a message: {}", ex.getMessage());
		return Problems.answer(Problems.of(HttpStatus.BAD_REQUEST, "Invalid message", ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unknown(UnknownConversationException ex) {
		log.info("{}", ex.getMessage());
		return Problems.answer(Problems.of(HttpStatus.NOT_FOUND, "Unknown conversation", ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> state(ConversationStateException ex) {
		log.info("{}", ex.getMessage());
		return Problems.answer(Problems.of(HttpStatus.CONFLICT, "Conflict", ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> vocabulary(VocabularyException ex) {
		log.info("Refused a change to the taught words: {}", ex.getMessage());
		HttpStatus status = switch (ex.reason()) {
			case INVALID -> HttpStatus.BAD_REQUEST;
			case UNKNOWN -> HttpStatus.NOT_FOUND;
			case CONFLICT -> HttpStatus.CONFLICT;
		};
		return Problems.answer(Problems.of(status, status.getReasonPhrase(), ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> busy(ConversationBusyException ex) {
		log.warn("{}", ex.getMessage());
		return Problems.answer(
				Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Conversation busy", "Please try again shortly."),
				RETRY_AFTER);
	}

}
