package com.careerconcierge.support.web;

import java.time.Duration;

import com.careerconcierge.support.limits.TooManyRequestsException;
import com.careerconcierge.support.web.EventHub.StreamsExhaustedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers every error no module answered itself as {@code application/problem+json},
 * never with a stack trace: Spring MVC's own (malformed JSON, wrong media type, unknown
 * path) through {@link ResponseEntityExceptionHandler}, rate limits as 429, and our own
 * failures (Redis down, no room for a stream) as 503 with {@code Retry-After}, so a
 * platform delivers the message again. Modules answer their own exceptions in advices of
 * their own, which go first.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ProblemAdvice extends ResponseEntityExceptionHandler {

	/** How soon a platform or page may try again after our own failure. */
	static final Duration RETRY_AFTER = Duration.ofSeconds(2);

	private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

	@ExceptionHandler
	ResponseEntity<ProblemDetail> tooMany(TooManyRequestsException ex) {
		log.info("Rate limited: {}", ex.getMessage());
		return Problems.answer(Problems.of(HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests", ex.getMessage()),
				ex.retryAfter());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> rejected(RequestRejectedException ex) {
		// Spring Security's firewall, met while parameters were read (a form body)
		log.info("Rejected a request: {}", ex.getMessage());
		return Problems.answer(Problems.of(HttpStatus.BAD_REQUEST, "Bad Request", "The request was rejected."));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> storage(DataAccessException ex) {
		log.error("Storage unavailable: {}", ex.getMessage());
		return Problems.answer(
				Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Storage unavailable", "Please try again shortly."),
				RETRY_AFTER);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> noRoom(StreamsExhaustedException ex) {
		log.warn("{}", ex.getMessage());
		return Problems.answer(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable",
				"No more event streams can be opened now; please try again shortly."), RETRY_AFTER);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		log.error("Unexpected failure", ex);
		return Problems.answer(
				Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", "Something went wrong on our side."));
	}

}
