package com.careerconcierge.handoff.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * No {@code /api/agent/**} request passes without a valid {@code Authorization: Bearer}
 * token; the agent's name is put in the request for the controllers.
 */
class AgentAuthFilter extends OncePerRequestFilter {

	static final String AGENT = "com.careerconcierge.handoff.web.agent";

	private static final Logger log = LoggerFactory.getLogger(AgentAuthFilter.class);

	private final AgentTokens tokens;

	AgentAuthFilter(AgentTokens tokens) {
		this.tokens = tokens;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith("/api/agent/") && !request.getRequestURI().equals("/api/agent");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		String agent = null;
		if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			agent = this.tokens.agentFor(header.substring(7).strip()).orElse(null);
		}
		if (agent == null) {
			log.info("Refused {} {}: {} bearer token", request.getMethod(), request.getRequestURI(),
					(header == null) ? "no" : "invalid");
			response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			response.setContentType("application/problem+json");
			response.getWriter()
				.write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
						+ "\"detail\":\"A valid agent bearer token is required\",\"instance\":\""
						+ request.getRequestURI().replace("\"", "") + "\"}");
			return;
		}
		request.setAttribute(AGENT, agent);
		chain.doFilter(request, response);
	}

}
