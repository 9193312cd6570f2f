package com.careerconcierge.support.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.careerconcierge.support.web.Problems;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.util.StringUtils;

/**
 * The application's default security chain, for every request that no module's own chain
 * (such as the agent API's) takes: the paths modules declare {@link PublicPaths public},
 * health, and nothing else. Paths are matched the way Spring MVC routes them (decoded,
 * path parameters removed, behind Spring Security's firewall, which refuses encoded
 * slashes, {@code ;}, {@code //} and {@code ..}), so no other spelling of a path reaches
 * a controller past its rule. Every answer of the chain carries the security headers; the
 * pages load nothing inline and nothing from elsewhere. (Telegram's webhook answers ahead
 * of this chain, in its own filter.)
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
public class WebSecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(WebSecurityConfiguration.class);

	/** What the pages may load: only their own scripts, styles and images. */
	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; "
			+ "form-action 'self'; frame-ancestors 'none'";

	/**
	 * How agents' passwords are stored: Spring Security's delegating encoder (bcrypt
	 * today), whose prefix lets a stronger encoding take over without a reset.
	 * @return the encoder
	 */
	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	/**
	 * No observation around each of Spring Security's filters, nor around each
	 * authentication and authorization decision: with only the property
	 * {@code management.observations.enable.spring.security=false} every filter was still
	 * wrapped in a no-op observation, a tenth of a request thread under the Telegram
	 * harness (when its webhook still went through this chain). Requests are still timed
	 * as a whole ({@code http.server.requests}).
	 * @return the settings
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	SecurityFilterChain defaultSecurity(HttpSecurity http, List<PublicPaths> publicPaths, SecurityProperties properties,
			@Value("${management.server.port:}") String managementPortValue) throws Exception {
		int managementPort = StringUtils.hasText(managementPortValue) ? Integer.parseInt(managementPortValue.strip())
				: -1;
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		http.authorizeHttpRequests((requests) -> {
			for (PublicPaths group : publicPaths) {
				for (String pattern : group.patterns()) {
					requests.requestMatchers(paths.matcher(pattern)).permitAll();
				}
			}
			requests
				.requestMatchers(paths.matcher("/error"), paths.matcher("/favicon.ico"),
						paths.matcher("/actuator/health"), paths.matcher("/actuator/health/**"),
						paths.matcher("/actuator/info"))
				.permitAll()
				.requestMatchers(paths.matcher("/actuator/prometheus"))
				.access(metrics(properties.metricsToken(), managementPort))
				.anyRequest()
				.denyAll();
		});
		stateless(http);
		// Nothing is served on any other path: say so, rather than ask for credentials.
		PathPatternRequestMatcher metricsPath = paths.matcher("/actuator/prometheus");
		http.exceptionHandling((errors) -> errors.authenticationEntryPoint((request, response, ex) -> {
			if (metricsPath.matches(request)) {
				unauthorized().commence(request, response, ex);
			}
			else {
				Problems.write(request, response,
						Problems.of(HttpStatus.NOT_FOUND, "Not Found", "Nothing is served at this path."));
			}
		}));
		return http.build();
	}

	/**
	 * A request the firewall refuses (an encoded slash, {@code ;}, {@code ..}, controls)
	 * is answered 400 with a problem body, like every other refusal.
	 * @return the handler
	 */
	@Bean
	RequestRejectedHandler requestRejectedHandler() {
		return (request, response, ex) -> {
			log.info("Rejected {} {}: {}", request.getMethod(), request.getRequestURI(), ex.getMessage());
			Problems.write(request, response,
					Problems.of(HttpStatus.BAD_REQUEST, "Bad Request", "The request was rejected."));
		};
	}

	/**
	 * What every chain of the application shares: no cookies, no sessions (so no CSRF to
	 * guard against: credentials travel in headers), problem answers, the headers.
	 * @param http the chain being built
	 * @throws Exception as Spring Security's builders do
	 */
	public static void stateless(HttpSecurity http) throws Exception {
		http.csrf((csrf) -> csrf.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.securityContext((context) -> context.requireExplicitSave(true))
			.anonymous(Customizer.withDefaults())
			.exceptionHandling(
					(errors) -> errors.authenticationEntryPoint(unauthorized()).accessDeniedHandler(forbidden()))
			.headers(WebSecurityConfiguration::headers);
	}

	public static void headers(HeadersConfigurer<HttpSecurity> headers) {
		headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
			.frameOptions((frames) -> frames.deny())
			.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER))
			.contentTypeOptions(Customizer.withDefaults())
			.permissionsPolicyHeader((permissions) -> permissions.policy("camera=(), microphone=(), geolocation=()"));
	}

	/**
	 * 401 with a problem body: no credentials, or wrong ones.
	 * @return the entry point
	 */
	public static AuthenticationEntryPoint unauthorized() {
		return (request, response, ex) -> {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			Problems.write(request, response,
					Problems.of(HttpStatus.UNAUTHORIZED, "Unauthorized", "A valid bearer token is required."));
		};
	}

	static AccessDeniedHandler forbidden() {
		return (request, response, ex) -> Problems.write(request, response,
				Problems.of(HttpStatus.FORBIDDEN, "Forbidden", "This is not open to you."));
	}

	/**
	 * Metrics on the management port for whoever reaches it (keep that port internal),
	 * and on the application's port only with {@code METRICS_TOKEN}.
	 */
	static AuthorizationManager<RequestAuthorizationContext> metrics(String token, int managementPort) {
		byte[] expected = (token != null) ? token.getBytes(StandardCharsets.UTF_8) : null;
		return (Supplier<Authentication> authentication, RequestAuthorizationContext context) -> {
			HttpServletRequest request = context.getRequest();
			if (managementPort > 0 && request.getLocalPort() == managementPort) {
				return new AuthorizationDecision(true);
			}
			String header = request.getHeader(HttpHeaders.AUTHORIZATION);
			boolean granted = expected != null && header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
					&& MessageDigest.isEqual(expected, header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
			return new AuthorizationDecision(granted);
		};
	}

}
