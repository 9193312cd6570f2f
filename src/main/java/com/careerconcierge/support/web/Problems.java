package com.careerconcierge.support.web;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * The one place where error answers are made: an RFC 9457 {@link ProblemDetail}, as
 * {@code application/problem+json}, from controllers and from filters alike.
 */
public final class Problems {

	/** Serialises problems outside Spring MVC (filters); registers Spring's mixin. */
	private static final ObjectMapper JSON = Jackson2ObjectMapperBuilder.json().build();

	private Problems() {
	}

	/**
	 * A problem with a title and a detail.
	 * @param status the status
	 * @param title a short, fixed summary
	 * @param detail what happened, safe to show to the caller
	 * @return the problem
	 */
	public static ProblemDetail of(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return problem;
	}

	/**
	 * The problem as an answer.
	 * @param problem the problem
	 * @return the answer with the problem's status
	 */
	public static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/**
	 * The problem as an answer that says when to try again (429, 503).
	 * @param problem the problem
	 * @param retryAfter when the caller may try again
	 * @return the answer with a {@code Retry-After} header in whole seconds
	 */
	public static ResponseEntity<ProblemDetail> answer(ProblemDetail problem, Duration retryAfter) {
		return ResponseEntity.status(problem.getStatus())
			.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds(retryAfter))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	/**
	 * Writes a problem straight to a response, for filters that answer before Spring MVC.
	 * @param request the request answered
	 * @param response the response, not yet committed
	 * @param problem the problem
	 * @throws IOException if the client is gone
	 */
	public static void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
			throws IOException {
		if (problem.getInstance() == null) {
			problem.setInstance(instance(request));
		}
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getOutputStream().write(JSON.writeValueAsBytes(problem));
		response.flushBuffer();
	}

	/**
	 * Like {@link #write(HttpServletResponse, ProblemDetail)}, with {@code Retry-After}.
	 * @param request the request answered
	 * @param response the response, not yet committed
	 * @param problem the problem
	 * @param retryAfter when the caller may try again
	 * @throws IOException if the client is gone
	 */
	public static void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem,
			Duration retryAfter) throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, retryAfterSeconds(retryAfter));
		write(request, response, problem);
	}

	/** The request's path, as Spring MVC puts it in its own problems. */
	private static URI instance(HttpServletRequest request) {
		try {
			return new URI(request.getRequestURI());
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	/**
	 * The problem as JSON text, for writers outside Spring (Tomcat's error reports).
	 * @param problem the problem
	 * @return its JSON
	 */
	public static String json(ProblemDetail problem) {
		try {
			return JSON.writeValueAsString(problem);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Rounded up, and at least one second: {@code Retry-After: 0} invites a hot loop. */
	static String retryAfterSeconds(Duration retryAfter) {
		long millis = Math.max(retryAfter.toMillis(), 1);
		return String.valueOf(Math.max(1, (millis + 999) / 1000));
	}

}
