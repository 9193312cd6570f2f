package com.careerconcierge.support;

import com.careerconcierge.consultation.ConversationBusyException;
import com.careerconcierge.consultation.ConversationStateException;
import com.careerconcierge.consultation.InvalidMessageException;
import com.careerconcierge.consultation.UnknownConversationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers every error as {@code application/problem+json}, never with a stack trace. Our
 * own failures (Redis down, a busy conversation) are 503, so a platform delivers the
 * message again.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

	@ExceptionHandler
	ProblemDetail invalid(InvalidMessageException ex) {
		log.info("Rejected a message: {}", ex.getMessage());
		return problem(HttpStatus.BAD_REQUEST, "Invalid message", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail unknown(UnknownConversationException ex) {
		log.info("{}", ex.getMessage());
		return problem(HttpStatus.NOT_FOUND, "Unknown conversation", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail state(ConversationStateException ex) {
		log.info("{}", ex.getMessage());
		return problem(HttpStatus.CONFLICT, "Conflict", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail busy(ConversationBusyException ex) {
		log.warn("{}", ex.getMessage());
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "Conversation busy", "Please try again shortly.");
	}

	@ExceptionHandler
	ProblemDetail storage(DataAccessException ex) {
		log.error("Storage unavailable: {}", ex.getMessage());
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "Storage unavailable", "Please try again shortly.");
	}

	@ExceptionHandler
	ProblemDetail unexpected(Exception ex) {
		log.error("Unexpected failure", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", "Something went wrong on our side.");
	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return problem;
	}

}
