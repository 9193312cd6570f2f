package com.careerconcierge.support;

import com.careerconcierge.support.RequestSizeLimit.BodyTooLargeException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers 413 when a body grew past its limit while a controller's argument was read:
 * Spring MVC reports that as an unreadable message (400) whose cause is the overflow, so
 * this advice goes before every other.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class PayloadTooLargeAdvice {

	@ExceptionHandler
	ResponseEntity<ProblemDetail> tooLarge(BodyTooLargeException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
				RequestSizeLimit.detail(ex.limit()));
		problem.setTitle(HttpStatus.PAYLOAD_TOO_LARGE.getReasonPhrase());
		return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(problem);
	}

}
