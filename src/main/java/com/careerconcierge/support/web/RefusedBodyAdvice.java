package com.careerconcierge.support.web;

import com.careerconcierge.support.web.RequestBodyGuard.BodyException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a body the {@link RequestBodyGuard} refused while a controller's argument was
 * read (too large, too slow, not UTF-8) with the guard's status: Spring MVC reports it as
 * an unreadable message (400) whose cause is the guard's exception, so this advice goes
 * before every other.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class RefusedBodyAdvice {

	@ExceptionHandler
	ResponseEntity<ProblemDetail> refused(BodyException ex) {
		return Problems.answer(Problems.of(ex.status(), ex.status().getReasonPhrase(), ex.publicDetail()));
	}

}
