package com.careerconcierge.handoff.web;

import com.careerconcierge.handoff.HandoffException;
import com.careerconcierge.support.web.Problems;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a refused agent action: unknown 404, another agent's or not visible 403, taken
 * or over 409.
 */
@RestControllerAdvice(assignableTypes = AgentController.class)
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
class HandoffProblems {

	@ExceptionHandler
	ResponseEntity<ProblemDetail> refused(HandoffException ex) {
		HttpStatus status = switch (ex.reason()) {
			case UNKNOWN -> HttpStatus.NOT_FOUND;
			case FORBIDDEN -> HttpStatus.FORBIDDEN;
			case CONFLICT -> HttpStatus.CONFLICT;
			case INVALID -> HttpStatus.BAD_REQUEST;
		};
		return Problems.answer(Problems.of(status, status.getReasonPhrase(), ex.getMessage()));
	}

}
