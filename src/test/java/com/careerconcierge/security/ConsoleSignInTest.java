package com.careerconcierge.security;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.careerconcierge.support.RawHttp;
import com.careerconcierge.support.RawHttp.Answer;
import com.careerconcierge.support.EventStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's sign-in over plain HTTP: an account from {@code AGENT_ACCOUNTS} stored
 * hashed, Spring Security's form login with its CSRF token, an HttpOnly session cookie,
 * changes refused without the session's CSRF token, and supervisors' pages refused to an
 * agent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = {
				"concierge.handoff.agent-accounts=carol:" + ConsoleSignInTest.PASSWORD + ",dave:"
						+ ConsoleSignInTest.PASSWORD,
				"concierge.handoff.agent-tokens=robot:" + ConsoleSignInTest.TOKEN,
				"concierge.streams.heartbeat=200ms" })
@ExtendWith(OutputCaptureExtension.class)
class ConsoleSignInTest {

	static final String PASSWORD = "carol-password-123";

	static final String TOKEN = "robot-token-0123456789";

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	@Test
	void anAgentSignsInWithTheirPasswordAndTheSessionNeedsItsCsrfTokenForChanges() {
		RawHttp http = new RawHttp(this.port);
		// only the hash of the configured password is kept
		String stored = (String) this.redis.opsForHash().get("cc:{handoffs}:accounts", "carol");
		assertThat(stored).contains("{bcrypt}").doesNotContain(PASSWORD);

		Answer page = http.get("/agent/");
		assertThat(page.status()).isEqualTo(302);
		assertThat(page.header("location")).endsWith("/agent/login");
		Answer form = http.get("/agent/login");
		assertThat(form.status()).isEqualTo(200);
		String cookie = session(form);
		Matcher csrf = CSRF_FIELD.matcher(form.body());
		assertThat(csrf.find()).isTrue();

		// without the form's token the sign-in is refused, even with the right password
		Answer forged = signIn(http, cookie, "carol", PASSWORD, null);
		assertThat(forged.status()).isEqualTo(403);
		assertThat(forged.header("content-type")).contains("application/problem+json");

		Answer wrong = signIn(http, cookie, "carol", "not-the-password", csrf.group(1));
		assertThat(wrong.status()).isEqualTo(302);
		assertThat(wrong.header("location")).endsWith("/agent/login?error");

		Answer signedIn = signIn(http, cookie, "carol", PASSWORD, csrf.group(1));
		assertThat(signedIn.status()).isEqualTo(302);
		assertThat(signedIn.header("location")).endsWith("/agent/");
		assertThat(signedIn.header("set-cookie")).contains("HttpOnly", "SameSite=Lax");
		String session = session(signedIn);
		assertThat(session).isNotEqualTo(cookie); // a new session id after sign-in

		Answer me = http.get("/api/agent/me", "Cookie: " + session);
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.body()).contains("\"login\":\"carol\"", "\"supervisor\":false");
		Matcher token = Pattern.compile("\"csrfToken\":\"([^\"]+)\"").matcher(me.body());
		assertThat(token.find()).isTrue();

		byte[] away = "{\"state\":\"away\"}".getBytes(StandardCharsets.UTF_8);
		assertThat(http.postJson("/api/agent/presence", away, "Cookie: " + session).status()).isEqualTo(403);
		Answer changed = http.postJson("/api/agent/presence", away, "Cookie: " + session,
				"X-CSRF-TOKEN: " + token.group(1));
		assertThat(changed.status()).isEqualTo(200);
		assertThat(changed.body()).contains("\"state\":\"offline\""); // no console
																		// connected

		assertThat(http.get("/api/agent/agents", "Cookie: " + session).status()).isEqualTo(403);
		assertThat(http.get("/api/agent/accounts", "Cookie: " + session).status()).isEqualTo(403);

		Answer out = http.send("POST /logout HTTP/1.1\r\nCookie: " + session + "\r\nX-CSRF-TOKEN: " + token.group(1),
				null);
		assertThat(out.status()).isEqualTo(302);
		assertThat(out.header("location")).endsWith("/agent/login?signed-out");
		assertThat(http.get("/api/agent/me", "Cookie: " + session).status()).isEqualTo(401);
	}

	/**
	 * The console's event stream is open while the agent signs out: the session ends for
	 * good (the stream's end does not write it back) and no error is logged for it.
	 */
	@Test
	void signingOutWithTheConsoleOpenEndsTheSessionQuietly(CapturedOutput output) throws InterruptedException {
		RawHttp http = new RawHttp(this.port);
		Answer form = http.get("/agent/login");
		Matcher csrf = CSRF_FIELD.matcher(form.body());
		assertThat(csrf.find()).isTrue();
		String session = session(signIn(http, session(form), "dave", PASSWORD, csrf.group(1)));
		Matcher token = Pattern.compile("\"csrfToken\":\"([^\"]+)\"")
			.matcher(http.get("/api/agent/me", "Cookie: " + session).body());
		assertThat(token.find()).isTrue();
		String id = new String(java.util.Base64.getDecoder().decode(session.substring(session.indexOf('=') + 1)),
				StandardCharsets.UTF_8);
		assertThat(this.redis.hasKey("spring:session:sessions:" + id)).isTrue();

		try (EventStream stream = EventStream.withHeaders("http://127.0.0.1:" + this.port + "/api/agent/events",
				"Cookie", session)) {
			assertThat(stream.status()).isEqualTo(200);
			Answer out = http
				.send("POST /logout HTTP/1.1\r\nCookie: " + session + "\r\nX-CSRF-TOKEN: " + token.group(1), null);
			assertThat(out.status()).isEqualTo(302);
			Thread.sleep(500); // heartbeats go on over the ended session
		}
		Thread.sleep(1000); // the server notices the closed stream at a heartbeat and
							// ends it
		assertThat(this.redis.hasKey("spring:session:sessions:" + id)).isFalse();
		assertThat(http.get("/api/agent/me", "Cookie: " + session).status()).isEqualTo(401);
		assertThat(output.getAll()).doesNotContain("Session was invalidated");
	}

	@Test
	void anIntegrationsBearerCallOpensNoSession() {
		int before = this.redis.keys("spring:session:*").size();
		Answer answer = new RawHttp(this.port).postJson("/api/agent/handoffs/abc/claim", new byte[0],
				"Authorization: Bearer " + TOKEN);
		assertThat(answer.status()).isEqualTo(404); // past the token, no CSRF token asked
		assertThat(answer.header("set-cookie")).isNull();
		assertThat(this.redis.keys("spring:session:*")).hasSize(before);
	}

	private static Answer signIn(RawHttp http, String cookie, String login, String password, String csrf) {
		String body = "username=" + encode(login) + "&password=" + encode(password)
				+ ((csrf != null) ? "&_csrf=" + encode(csrf) : "");
		return http.send("POST /login HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nCookie: " + cookie,
				body.getBytes(StandardCharsets.UTF_8));
	}

	private static String session(Answer answer) {
		String header = answer.header("set-cookie");
		assertThat(header).as("a session cookie").isNotNull();
		return header.substring(0, header.indexOf(';'));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
