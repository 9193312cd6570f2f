package com.careerconcierge.handoff.web;

import java.nio.charset.StandardCharsets;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.web.util.UriUtils;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

/**
 * {@code GET /agent/login}: the console's sign-in form, posted to Spring Security's
 * {@code POST /login}. Rendered here rather than served as a file because the form
 * carries the session's CSRF token; it has no script, so the content security policy
 * needs no exception for it.
 */
@Controller
class SignInPage {

	private final ObjectProvider<ClientRegistrationRepository> providers;

	SignInPage(ObjectProvider<ClientRegistrationRepository> providers) {
		this.providers = providers;
	}

	@GetMapping(path = AgentWebConfiguration.LOGIN_PAGE, produces = MediaType.TEXT_HTML_VALUE)
	@ResponseBody
	String page(CsrfToken csrf, @RequestParam(required = false) String error,
			@RequestParam(name = "signed-out", required = false) String signedOut,
			@RequestParam(required = false) String expired, @RequestParam(required = false) String wait) {
		String message = "";
		String kind = "signin-error";
		if (OidcSignIn.NO_ACCOUNT.equals(error)) {
			message = "そのアカウントは担当者として登録されていません。管理者に担当者の登録を頼んでください。";
		}
		else if ("provider".equals(error)) {
			message = "組織のアカウントでのサインインが完了しませんでした。もう一度お試しください。";
		}
		else if (error != null) {
			message = "ログイン名かパスワードが違います。確かめてもう一度入力してください。";
		}
		else if (wait != null && wait.matches("\\d{1,4}")) {
			message = "サインインの失敗が続いたため、しばらく受け付けを止めています。" + wait + "秒ほど待ってからお試しください。";
		}
		else if (signedOut != null) {
			message = "サインアウトしました。";
			kind = "signin-error info";
		}
		else if (expired != null) {
			message = "サインインの有効期限が切れました。もう一度サインインしてください。";
		}
		return """
				<!DOCTYPE html>
				<html lang="ja">
				<head>
				  <meta charset="utf-8">
				  <meta name="viewport" content="width=device-width, initial-scale=1">
				  <meta name="robots" content="noindex">
				  <title>サインイン｜担当者コンソール｜キャリア相談</title>
				  <link rel="stylesheet" href="/agent/console.css">
				</head>
				<body>
				  <main id="signin-view" class="signin" aria-labelledby="signin-title">
				    <form id="signin" class="signin-card" method="post" action="/login">
				      <h1 id="signin-title">担当者コンソール</h1>
				      <p class="signin-lead">担当者のログイン名とパスワードでサインインしてください。</p>
				      <p id="signin-error" class="%s" role="alert">%s</p>
				      <label for="username">ログイン名</label>
				      <input id="username" name="username" type="text" autocomplete="username" required autofocus
				             autocapitalize="none" spellcheck="false" maxlength="32">
				      <label for="password">パスワード</label>
				      <input id="password" name="password" type="password" autocomplete="current-password" required
				             maxlength="200">
				      <input type="hidden" name="%s" value="%s">
				      <button type="submit" id="signin-button">サインイン</button>
				      %s
				    </form>
				  </main>
				</body>
				</html>
				""".formatted(kind, HtmlUtils.htmlEscape(message), HtmlUtils.htmlEscape(csrf.getParameterName()),
				HtmlUtils.htmlEscape(csrf.getToken()), providerLinks());
	}

	/** One link per configured identity provider, or nothing. */
	private String providerLinks() {
		ClientRegistrationRepository registrations = this.providers.getIfAvailable();
		if (!(registrations instanceof Iterable<?> all)) {
			return "";
		}
		StringBuilder links = new StringBuilder();
		for (Object each : all) {
			ClientRegistration registration = (ClientRegistration) each;
			links.append("<a class=\"signin-provider\" href=\"/oauth2/authorization/")
				.append(UriUtils.encodePathSegment(registration.getRegistrationId(), StandardCharsets.UTF_8))
				.append("\">")
				.append(HtmlUtils.htmlEscape(registration.getClientName()))
				.append("でサインイン</a>");
		}
		return links.isEmpty() ? "" : "<p class=\"signin-or\">または</p>" + links;
	}

}
