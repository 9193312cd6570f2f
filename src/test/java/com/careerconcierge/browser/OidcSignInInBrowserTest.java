package com.careerconcierge.browser;

import java.util.Map;

import com.careerconcierge.support.OidcProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing in to the console with the agency's identity provider, in a real Chromium,
 * against an OpenID Connect provider on a real port (discovery read at start-up, code
 * exchanged for a signed ID token): an agent gets in with their account's role, someone
 * the provider knows but the desk does not stays out, and so does an address of another
 * organisation that happens to share an agent's name.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concierge.handoff.oidc.login-claim=email", "concierge.handoff.oidc.domain=agency.example" })
class OidcSignInInBrowserTest extends BrowserTest {

	static final OidcProvider provider = new OidcProvider();

	@DynamicPropertySource
	static void provider(DynamicPropertyRegistry registry) {
		String registration = "spring.security.oauth2.client.registration.agency.";
		registry.add(registration + "client-name", () -> "社内アカウント");
		registry.add(registration + "client-id", () -> OidcProvider.CLIENT_ID);
		registry.add(registration + "client-secret", () -> OidcProvider.CLIENT_SECRET);
		registry.add(registration + "scope", () -> "openid");
		registry.add(registration + "provider", () -> "agency");
		registry.add("spring.security.oauth2.client.provider.agency.issuer-uri", provider::issuer);
	}

	@AfterAll
	static void stopProvider() {
		provider.close();
	}

	@Test
	void anAgentSignsInThroughTheProviderWithTheirAccountsRole() {
		provider.signsInAs(Map.of("email", "sue@agency.example", "email_verified", true, "name", "Sue"));
		try (Chromium browser = Chromium.desktop("oidc")) {
			ConsolePage console = new ConsolePage(browser, this.base).open();
			browser.screenshot("desktop-console-sign-in-with-provider");
			browser.driver().findElement(By.linkText("社内アカウントでサインイン")).click();
			console.awaitLive();
			assertThat(browser.driver().getCurrentUrl()).isEqualTo(this.base + "/agent/");
			assertThat(browser.driver().findElement(By.id("me")).getText()).isEqualTo("sue");
			// sue's account is a supervisor's: the supervisor's view is open to her
			assertThat(browser.script("return document.body.classList.contains('supervisor');")).isEqualTo(true);
			assertThat(browser.script("return document.cookie;")).isEqualTo("");

			console.signOutForGood();
			assertThat(browser.scriptErrors()).isEmpty();
		}
	}

	@Test
	void someoneWithoutAnAccountOrFromAnotherDomainStaysOut() {
		try (Chromium browser = Chromium.desktop("oidc-refused")) {
			ConsolePage console = new ConsolePage(browser, this.base).open();
			provider.signsInAs(Map.of("email", "mallory@agency.example", "email_verified", true));
			browser.driver().findElement(By.linkText("社内アカウントでサインイン")).click();
			assertThat(console.awaitSignInMessage()).contains("担当者として登録されていません");

			// alice is an agent here, but this alice is someone else's
			provider.signsInAs(Map.of("email", "alice@elsewhere.example", "email_verified", true));
			browser.driver().findElement(By.linkText("社内アカウントでサインイン")).click();
			assertThat(console.awaitSignInMessage()).contains("担当者として登録されていません");

			// and an address the provider has not verified names nobody
			provider.signsInAs(Map.of("email", "alice@agency.example", "email_verified", false));
			browser.driver().findElement(By.linkText("社内アカウントでサインイン")).click();
			assertThat(console.awaitSignInMessage()).contains("担当者として登録されていません");
			browser.screenshot("desktop-console-provider-user-refused");

			console.open();
			assertThat(browser.driver().getCurrentUrl()).isEqualTo(this.base + "/agent/login");
		}
	}

}
