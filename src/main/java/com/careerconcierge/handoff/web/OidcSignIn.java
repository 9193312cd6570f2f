package com.careerconcierge.handoff.web;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.careerconcierge.handoff.AgentAccounts;
import com.careerconcierge.handoff.AgentAccounts.Account;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.lang.Nullable;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.util.StringUtils;

/**
 * Signing in to the console through the agency's identity provider (OpenID Connect, with
 * Spring Security's OAuth2 client), when a client registration is configured
 * ({@code spring.security.oauth2.client.registration.<id>.*}). The provider proves who
 * the person is; the desk decides whether they are an agent: only someone with an account
 * here gets in, with that account's role. The account is found by one claim of the ID
 * token ({@code concierge.handoff.oidc.login-claim}, {@code preferred_username} unless
 * set); a claim holding an e-mail address names the account by its local part, and only
 * for addresses of {@code concierge.handoff.oidc.domain}, so that {@code alice} of
 * another organisation never becomes the agency's {@code alice}.
 */
final class OidcSignIn {

	private static final Logger log = LoggerFactory.getLogger(OidcSignIn.class);

	/** What the sign-in page says when the provider's user is not one of the agents. */
	static final String NO_ACCOUNT = "no-account";

	private OidcSignIn() {
	}

	/**
	 * How a provider's user is matched to an account.
	 *
	 * @param loginClaim the ID token claim that names the account
	 * @param domain the e-mail domain whose addresses name accounts, when the claim is an
	 * address
	 */
	@ConfigurationProperties("concierge.handoff.oidc")
	record Settings(@DefaultValue("preferred_username") String loginClaim, @Nullable String domain) {

		/**
		 * The login a claim's value names, or empty when it names none here: an address
		 * outside the domain, an address whose provider has not verified it, a malformed
		 * value.
		 */
		Optional<String> login(OidcUser user) {
			String value = user.getClaimAsString(this.loginClaim);
			if (!StringUtils.hasText(value)) {
				return Optional.empty();
			}
			String login = value.strip().toLowerCase(Locale.ROOT);
			int at = login.lastIndexOf('@');
			if (at >= 0) {
				boolean ours = StringUtils.hasText(this.domain)
						&& login.substring(at + 1).equals(this.domain.strip().toLowerCase(Locale.ROOT));
				boolean verified = !"email".equals(this.loginClaim) || Boolean.TRUE.equals(user.getEmailVerified());
				if (!ours || !verified) {
					return Optional.empty();
				}
				login = login.substring(0, at);
			}
			return Optional.of(login);
		}

	}

	/**
	 * The provider's user as the console knows them: the account's login is their name,
	 * its role their authorities.
	 */
	static final class SignedIn extends DefaultOidcUser {

		private static final long serialVersionUID = 1L;

		private final Agent agent;

		SignedIn(Agent agent, OidcUser user, List<GrantedAuthority> roles) {
			super(roles, user.getIdToken(), user.getUserInfo());
			this.agent = agent;
		}

		Agent agent() {
			return this.agent;
		}

		@Override
		public String getName() {
			return this.agent.name();
		}

	}

	/**
	 * Exchanges the provider's code for its ID token (checked against the provider's
	 * keys, the client and the nonce) and finds the account it names.
	 */
	static AuthenticationProvider provider(AgentAccounts accounts, Settings settings) {
		return new OidcAuthorizationCodeAuthenticationProvider(new RestClientAuthorizationCodeTokenResponseClient(),
				users(accounts, settings));
	}

	/** Loads the provider's user and refuses whoever has no account here. */
	private static OAuth2UserService<OidcUserRequest, OidcUser> users(AgentAccounts accounts, Settings settings) {
		OidcUserService provider = new OidcUserService();
		return (request) -> {
			OidcUser user = provider.loadUser(request);
			Optional<Account> account = settings.login(user).flatMap(accounts::find);
			if (account.isEmpty()) {
				throw new OAuth2AuthenticationException(new OAuth2Error(NO_ACCOUNT),
						"The provider's user has no agent account here");
			}
			boolean supervisor = account.get().supervisor();
			List<GrantedAuthority> roles = AuthorityUtils.createAuthorityList(
					supervisor ? new String[] { "ROLE_AGENT", "ROLE_SUPERVISOR" } : new String[] { "ROLE_AGENT" });
			return new SignedIn(new Agent(account.get().login(), supervisor), user, roles);
		};
	}

	/**
	 * Keeps the signed-in agent in the session the way a password sign-in does, with the
	 * {@link Agent} as principal (what the API's controllers and limits read), then goes
	 * on as {@code then} does.
	 */
	static AuthenticationSuccessHandler signedIn(SecurityContextRepository contexts,
			AuthenticationSuccessHandler then) {
		SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();
		return (request, response, authentication) -> {
			Authentication agent = authentication;
			if (authentication.getPrincipal() instanceof SignedIn user) {
				UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken
					.authenticated(user.agent(), null, authentication.getAuthorities());
				token.setDetails(authentication.getDetails());
				SecurityContext context = holder.createEmptyContext();
				context.setAuthentication(token);
				holder.setContext(context);
				contexts.saveContext(context, request, response);
				agent = token;
			}
			then.onAuthenticationSuccess(request, response, agent);
		};
	}

	/** Back to the sign-in page, saying why, without the provider's details. */
	static AuthenticationFailureHandler refused(String signInPage) {
		return (request, response, ex) -> {
			String code = (ex instanceof OAuth2AuthenticationException oauth) ? oauth.getError().getErrorCode()
					: "failed";
			log.info("Refused an OpenID Connect sign-in from {}: {} ({})", request.getRemoteAddr(), code,
					ex.getMessage());
			response.sendRedirect(signInPage + "?error=" + (NO_ACCOUNT.equals(code) ? NO_ACCOUNT : "provider"));
		};
	}

}
