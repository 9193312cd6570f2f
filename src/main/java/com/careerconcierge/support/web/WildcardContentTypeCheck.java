package com.careerconcierge.support.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request whose Content-Type is a wildcard ({@code *}{@code /*}) is answered 415:
 * Spring MVC would otherwise fail with 500 while reading its headers
 * (spring-framework#27957).
 */
@Component
@Order(WildcardContentTypeCheck.ORDER)
class WildcardContentTypeCheck extends OncePerRequestFilter {

	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String type = request.getContentType();
		if (type != null) {
			try {
				if (MediaType.parseMediaType(type).isWildcardType()) {
					Problems.write(request, response, Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
							"Unsupported Media Type", "The Content-Type must name a media type."));
					return;
				}
			}
			catch (InvalidMediaTypeException ex) {
				// Spring MVC answers 415 itself
			}
		}
		chain.doFilter(request, response);
	}

}
