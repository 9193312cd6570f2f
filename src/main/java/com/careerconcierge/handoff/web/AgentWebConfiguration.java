package com.careerconcierge.handoff.web;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.careerconcierge.handoff.HandoffProperties;
import com.careerconcierge.support.limits.RateLimits;
import com.careerconcierge.support.limits.RateLimits.Limit;
import com.careerconcierge.support.limits.RateLimits.Limiter;
import com.careerconcierge.support.security.PublicPaths;
import com.careerconcierge.support.security.WebSecurityConfiguration;
import com.careerconcierge.support.web.Problems;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The agent API's security chain and the agent console at {@code /agent/}. Every
 * {@code /api/agent/**} request, however its path is spelled, needs a valid
 * {@code Authorization: Bearer} token (Spring Security matches the path as Spring MVC
 * routes it); an address that keeps presenting wrong tokens is slowed down (429), and
 * each agent's calls are rate limited.
 */
@Configuration(proxyBeanMethods = false)
class AgentWebConfiguration implements WebMvcConfigurer {

	private static final Logger log = LoggerFactory.getLogger(AgentWebConfiguration.class);

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addRedirectViewController("/agent", "/agent/");
		registry.addViewController("/agent/").setViewName("forward:/agent/index.html");
	}

	@Bean
	AgentTokens agentTokens(HandoffProperties properties) {
		return new AgentTokens(properties.agentTokens());
	}

	@Bean
	PublicPaths agentConsolePage() {
		return PublicPaths.of("/agent", "/agent/", "/agent/index.html", "/agent/console.js", "/agent/console.css",
				"/agent/dashboard.html", "/agent/dashboard.js", "/webjars/uplot/**");
	}

	@Bean
	@Order(1)
	SecurityFilterChain agentApiSecurity(HttpSecurity http, AgentTokens tokens, RateLimits limits) throws Exception {
		Limiter failures = limits.limiter("failed-sign-ins", Limit.of(10, Duration.ofMinutes(1)));
		Limiter calls = limits.limiter("agent-requests", Limit.of(600, Duration.ofMinutes(1)));
		AuthenticationFilter bearer = new AuthenticationFilter(new ProviderManager(provider(tokens)),
				(request) -> bearerToken(request, failures));
		OncePerRequestFilter slowDown = new OncePerRequestFilter() {

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				// An address past its failed attempts is refused before its token is
				// looked at, so guessing gets no faster by asking more.
				Duration wait = failures.peek(request.getRemoteAddr());
				if (!wait.isZero()) {
					tooMany(request, response, "Too many wrong tokens from this address.", wait);
					return;
				}
				chain.doFilter(request, response);
			}

		};
		bearer.setSuccessHandler((request, response, authentication) -> {
			// the request goes on: nothing to redirect to
		});
		bearer.setFailureHandler((request, response, ex) -> {
			failures.take(request.getRemoteAddr());
			log.info("Refused {} {}: invalid bearer token", request.getMethod(), request.getRequestURI());
			WebSecurityConfiguration.unauthorized().commence(request, response, ex);
		});
		http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/api/agent/**"))
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasRole("AGENT"))
			.addFilterBefore(slowDown, BasicAuthenticationFilter.class)
			.addFilterAt(bearer, BasicAuthenticationFilter.class)
			.addFilterAfter(new PerAgentLimit(calls), AuthorizationFilter.class);
		WebSecurityConfiguration.stateless(http);
		return http.build();
	}

	private static AuthenticationProvider provider(AgentTokens tokens) {
		return new AuthenticationProvider() {

			@Override
			public Authentication authenticate(Authentication authentication) {
				Agent agent = tokens.agentFor((String) authentication.getCredentials())
					.orElseThrow(() -> new BadCredentialsException("Invalid bearer token"));
				List<String> roles = agent.supervisor() ? List.of("ROLE_AGENT", "ROLE_SUPERVISOR")
						: List.of("ROLE_AGENT");
				return UsernamePasswordAuthenticationToken.authenticated(agent, null,
						AuthorityUtils.createAuthorityList(roles));
			}

			@Override
			public boolean supports(Class<?> authentication) {
				return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
			}

		};
	}

	/**
	 * The presented token, or null when there is none (the chain then answers 401).
	 */
	private static Authentication bearerToken(HttpServletRequest request, Limiter failures) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			if (header != null) {
				failures.take(request.getRemoteAddr());
			}
			return null;
		}
		return UsernamePasswordAuthenticationToken.unauthenticated("bearer", header.substring(7).strip());
	}

	/**
	 * Rate limits each agent's calls, and answers an address that must wait 429 with
	 * {@code Retry-After}.
	 */
	private static final class PerAgentLimit extends OncePerRequestFilter {

		private final Limiter calls;

		PerAgentLimit(Limiter calls) {
			this.calls = calls;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			if (authentication != null && authentication.getPrincipal() instanceof Agent agent) {
				Duration wait = this.calls.take(agent.name());
				if (!wait.isZero()) {
					tooMany(request, response, "Too many requests from this agent.", wait);
					return;
				}
			}
			chain.doFilter(request, response);
		}

	}

	static void tooMany(HttpServletRequest request, HttpServletResponse response, String detail, Duration wait)
			throws IOException {
		Problems.write(request, response, Problems.of(HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests", detail), wait);
	}

}
