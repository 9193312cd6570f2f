package com.careerconcierge.security;

import com.careerconcierge.support.RawHttp;
import com.careerconcierge.support.RawHttp.Answer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages cannot be framed or made to load anything from elsewhere, and the operational
 * endpoints are open only as far as configured: health for everyone, metrics with
 * {@code METRICS_TOKEN}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "concierge.security.metrics-token=" + SecurityHeadersTest.METRICS_TOKEN)
class SecurityHeadersTest {

	static final String METRICS_TOKEN = "metrics-token-0123456789";

	@LocalServerPort
	int port;

	@Test
	void bothPagesCarryTheSecurityHeaders() {
		for (String path : new String[] { "/", "/agent/login", "/chat.js", "/agent/console.js" }) {
			Answer page = new RawHttp(this.port).get(path);
			assertThat(page.status()).as(path).isEqualTo(200);
			assertThat(page.header("content-security-policy")).as(path)
				.contains("frame-ancestors 'none'", "script-src 'self'", "default-src 'none'")
				.doesNotContain("unsafe-inline");
			assertThat(page.header("x-frame-options")).as(path).isEqualTo("DENY");
			assertThat(page.header("x-content-type-options")).as(path).isEqualTo("nosniff");
			assertThat(page.header("referrer-policy")).as(path).isEqualTo("no-referrer");
		}
	}

	@Test
	void metricsNeedTheTokenAndHealthIsOpen() {
		RawHttp http = new RawHttp(this.port);
		assertThat(http.get("/actuator/health").status()).isEqualTo(200);
		assertThat(http.get("/actuator/prometheus").status()).isEqualTo(401);
		assertThat(http.get("/actuator/prometheus", "Authorization: Bearer metrics-token-0123456788").status())
			.isEqualTo(401);
		Answer metrics = http.get("/actuator/prometheus", "Authorization: Bearer " + METRICS_TOKEN);
		assertThat(metrics.status()).isEqualTo(200);
		assertThat(metrics.body()).contains("jvm_memory_used_bytes");
		assertThat(http.get("/actuator/env").status()).isEqualTo(404);
	}

}
