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
import com.careerconcierge.handoff.AgentAccounts;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import com.careerconcierge.support.limits.RateLimits;
import com.careerconcierge.support.limits.RateLimits.Limit;
import com.careerconcierge.support.limits.RateLimits.Limiter;
import com.careerconcierge.support.security.PublicPaths;
import com.careerconcierge.support.security.WebSecurityConfiguration;
import com.careerconcierge.support.web.Problems;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
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
 * The agent API's and the agent console's security chain. The console signs in with
 * Spring Security's form login ({@code POST /login} with {@code username},
 * {@code password} and {@code _csrf}) and then uses its session cookie (HttpOnly,
 * SameSite, kept in Redis by Spring Session so every instance knows it), with a CSRF
 * token on every change; integrations call {@code /api/agent/**} with
 * {@code Authorization: Bearer} tokens, which need no CSRF token because no browser sends
 * them by itself. A page without a session leads to the sign-in form, an API call without
 * credentials gets 401. An address or a login that keeps failing is slowed down, and each
 * agent's calls are rate limited.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OidcSignIn.Settings.class)
class AgentWebConfiguration implements WebMvcConfigurer {

	private static final Logger log = LoggerFactory.getLogger(AgentWebConfiguration.class);

	static final String LOGIN_PAGE = "/agent/login";

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
	PublicPaths agentConsoleAssets() {
		// what the sign-in form needs; the pages themselves are behind the agent chain
		return PublicPaths.of("/webjars/uplot/**");
	}

	/**
	 * The limits both agent chains share: failed sign-ins and tokens by address, wrong
	 * passwords by login, and each agent's calls.
	 */
	record AgentLimits(Limiter failures, Limiter wrongPasswords, Limiter calls) {
	}

	@Bean
	AgentLimits agentLimits(RateLimits limits) {
		return new AgentLimits(limits.limiter("failed-sign-ins", Limit.of(10, Duration.ofMinutes(1))),
				limits.limiter("failed-passwords", Limit.of(5, Duration.ofMinutes(1))),
				limits.limiter("agent-requests", Limit.of(600, Duration.ofMinutes(1))));
	}

	/**
	 * Integrations: every {@code /api/agent/**} call that carries an
	 * {@code Authorization} header is checked as a bearer token, statelessly (no session,
	 * no cookie, no CSRF token).
	 */
	@Bean
	@Order(0)
	SecurityFilterChain agentTokenSecurity(HttpSecurity http, AgentTokens tokens, AgentLimits limits) throws Exception {
		Limiter failures = limits.failures();
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
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		RequestMatcher api = paths.matcher("/api/agent/**");
		http.securityMatcher(
				new AndRequestMatcher(api, (request) -> request.getHeader(HttpHeaders.AUTHORIZATION) != null))
			.authorizeHttpRequests((requests) -> requests.requestMatchers(supervisorsOnly(paths))
				.hasRole("SUPERVISOR")
				.anyRequest()
				.hasRole("AGENT"))
			.addFilterBefore(slowDown, BasicAuthenticationFilter.class)
			.addFilterAt(bearer, BasicAuthenticationFilter.class)
			.addFilterAfter(new PerAgentLimit(limits.calls()), AuthorizationFilter.class);
		WebSecurityConfiguration.stateless(http);
		return http.build();
	}

	/**
	 * What only supervisors may do, however they signed in: accounts, the agents' view,
	 * changing canned replies, reassigning.
	 */
	private static RequestMatcher supervisorsOnly(PathPatternRequestMatcher.Builder paths) {
		return new OrRequestMatcher(paths.matcher("/api/agent/accounts/**"), paths.matcher("/api/agent/agents/**"),
				paths.matcher(HttpMethod.PUT, "/api/agent/canned/**"),
				paths.matcher(HttpMethod.DELETE, "/api/agent/canned/**"),
				paths.matcher(HttpMethod.POST, "/api/agent/handoffs/*/assign"));
	}

	/**
	 * The console: form login (and OpenID Connect when a provider is configured), a
	 * session, CSRF tokens.
	 */
	@Bean
	@Order(1)
	SecurityFilterChain agentSecurity(HttpSecurity http, AgentAccounts accounts, PasswordEncoder passwords,
			AgentLimits limits, ObjectProvider<ClientRegistrationRepository> providers, OidcSignIn.Settings oidc)
			throws Exception {
		Limiter failures = limits.failures();
		Limiter wrongPasswords = limits.wrongPasswords();
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		RequestMatcher api = paths.matcher("/api/agent/**");
		RequestMatcher signIn = paths.matcher(HttpMethod.POST, "/login");
		RequestMatcher pages = new OrRequestMatcher(paths.matcher("/agent"), paths.matcher("/agent/**"));
		// where Spring Security's OAuth2 client sends the browser to the provider and
		// takes it back
		RequestMatcher viaProvider = new OrRequestMatcher(paths.matcher("/oauth2/authorization/*"),
				paths.matcher("/login/oauth2/code/*"));
		SecurityContextRepository contexts = new DelegatingSecurityContextRepository(
				new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository());
		// this chain's manager is its own (no fallback to another): passwords, and the
		// provider's sign-in when one is configured
		List<AuthenticationProvider> signIns = new java.util.ArrayList<>(
				List.of(passwordProvider(accounts, passwords)));
		ClientRegistrationRepository registrations = providers.getIfAvailable();
		if (registrations != null) {
			signIns.add(OidcSignIn.provider(accounts, oidc));
			http.oauth2Login((login) -> login.loginPage(LOGIN_PAGE)
				.clientRegistrationRepository(registrations)
				// the provider's tokens are not used after the sign-in; kept with the
				// session, not in memory
				.authorizedClientRepository(new HttpSessionOAuth2AuthorizedClientRepository())
				.successHandler(OidcSignIn.signedIn(contexts, signedIn()))
				.failureHandler(OidcSignIn.refused(LOGIN_PAGE)));
		}
		http.securityMatcher(new OrRequestMatcher(api, pages, signIn, paths.matcher("/logout"), viaProvider))
			.securityContext((context) -> context.securityContextRepository(contexts))
			.authenticationManager(new ProviderManager(signIns))
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(paths.matcher(LOGIN_PAGE), paths.matcher("/agent/console.css"),
						paths.matcher("/agent/console.js"), paths.matcher("/agent/dashboard.js"))
				.permitAll()
				.requestMatchers(supervisorsOnly(paths))
				.hasRole("SUPERVISOR")
				.anyRequest()
				.hasRole("AGENT"))
			.addFilterBefore(new SignInSlowDown(signIn, failures, wrongPasswords),
					UsernamePasswordAuthenticationFilter.class)
			.addFilterAfter(new PerAgentLimit(limits.calls()), AuthorizationFilter.class)
			.formLogin((form) -> form.loginPage(LOGIN_PAGE)
				.loginProcessingUrl("/login")
				.successHandler(signedIn())
				.failureHandler((request, response, ex) -> {
					String login = request.getParameter("username");
					failures.take(request.getRemoteAddr());
					wrongPasswords.take(loginKey(login));
					log.info("Refused a console sign-in from {}: {}", request.getRemoteAddr(), ex.getMessage());
					response.sendRedirect(LOGIN_PAGE + "?error");
				}))
			.logout((logout) -> logout.logoutRequestMatcher(paths.matcher(HttpMethod.POST, "/logout"))
				.logoutSuccessUrl(LOGIN_PAGE + "?signed-out"))
			// an API call carrying no session cookie has nothing to forge: it is answered
			// 401 for its credentials, not 403 for a CSRF token
			.csrf((csrf) -> csrf.csrfTokenRepository(sessionsOnlyFromSignIn(paths.matcher(HttpMethod.GET, LOGIN_PAGE)))
				.ignoringRequestMatchers((request) -> api.matches(request) && request.getRequestedSessionId() == null))
			// no request is saved for after the sign-in (which would open a session for
			// anyone who asks for a page): a signed-in agent always lands on the console
			.requestCache((cache) -> cache.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
			.exceptionHandling((errors) -> errors
				.defaultAuthenticationEntryPointFor(WebSecurityConfiguration.unauthorized(), api)
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint(LOGIN_PAGE),
						AnyRequestMatcher.INSTANCE)
				.accessDeniedHandler((request, response, ex) -> Problems
					.write(request, response, Problems.of(HttpStatus.FORBIDDEN, "Forbidden",
							(ex instanceof CsrfException) ? "The CSRF token is missing or stale: reload the console."
									: "This is not open to you."))))
			.headers(WebSecurityConfiguration::headers);
		return http.build();
	}

	private static AuthenticationSuccessHandler signedIn() {
		SimpleUrlAuthenticationSuccessHandler handler = new SimpleUrlAuthenticationSuccessHandler("/agent/");
		return (request, response, authentication) -> {
			log.info("Agent '{}' signed in to the console", authentication.getName());
			handler.onAuthenticationSuccess(request, response, authentication);
		};
	}

	/**
	 * CSRF tokens kept in the session, but a session is opened for one only by the
	 * sign-in form: a refused request (a stale or made-up cookie, a POST without a token)
	 * stores nothing.
	 */
	private static CsrfTokenRepository sessionsOnlyFromSignIn(RequestMatcher signInPage) {
		HttpSessionCsrfTokenRepository sessions = new HttpSessionCsrfTokenRepository();
		return new CsrfTokenRepository() {

			@Override
			public CsrfToken generateToken(HttpServletRequest request) {
				return sessions.generateToken(request);
			}

			@Override
			public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
				if (request.getSession(false) != null || signInPage.matches(request)) {
					sessions.saveToken(token, request, response);
				}
			}

			@Override
			public CsrfToken loadToken(HttpServletRequest request) {
				return sessions.loadToken(request);
			}

		};
	}

	private static String loginKey(String login) {
		return "login:" + ((login != null) ? login.strip().toLowerCase(java.util.Locale.ROOT) : "");
	}

	/**
	 * Passwords checked against the stored hashes; the signed-in principal is the
	 * {@link Agent}, as with a bearer token. An unknown login costs as much time as a
	 * known one (Spring Security hashes a dummy password for it).
	 */
	private static AuthenticationProvider passwordProvider(AgentAccounts accounts, PasswordEncoder passwords) {
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider((login) -> accounts.find(login)
			.map((account) -> User.withUsername(account.login())
				.password(account.password())
				.roles(account.supervisor() ? new String[] { "AGENT", "SUPERVISOR" } : new String[] { "AGENT" })
				.build())
			.orElseThrow(() -> new UsernameNotFoundException("No such agent"))) {

			@Override
			protected Authentication createSuccessAuthentication(Object principal, Authentication authentication,
					UserDetails user) {
				boolean supervisor = user.getAuthorities()
					.stream()
					.anyMatch((authority) -> "ROLE_SUPERVISOR".equals(authority.getAuthority()));
				UsernamePasswordAuthenticationToken result = UsernamePasswordAuthenticationToken
					.authenticated(new Agent(user.getUsername(), supervisor), null, user.getAuthorities());
				result.setDetails(authentication.getDetails());
				return result;
			}

		};
		provider.setPasswordEncoder(passwords);
		return provider;
	}

	/**
	 * Refuses a sign-in from an address or for a login past its failed attempts before
	 * the password is checked, and sends the form back with how long to wait.
	 */
	private static final class SignInSlowDown extends OncePerRequestFilter {

		private final RequestMatcher signIn;

		private final Limiter addresses;

		private final Limiter logins;

		SignInSlowDown(RequestMatcher signIn, Limiter addresses, Limiter logins) {
			this.signIn = signIn;
			this.addresses = addresses;
			this.logins = logins;
		}

		@Override
		protected boolean shouldNotFilter(HttpServletRequest request) {
			return !this.signIn.matches(request);
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			Duration byAddress = this.addresses.peek(request.getRemoteAddr());
			Duration byLogin = this.logins.peek(loginKey(request.getParameter("username")));
			Duration wait = (byAddress.compareTo(byLogin) > 0) ? byAddress : byLogin;
			if (!wait.isZero()) {
				log.info("Slowed down a console sign-in from {}: too many failures", request.getRemoteAddr());
				response.sendRedirect(LOGIN_PAGE + "?wait=" + Math.max(1, (wait.toMillis() + 999) / 1000));
				return;
			}
			chain.doFilter(request, response);
		}

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
