package com.careerconcierge.support;

import com.careerconcierge.CareerConciergeApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An instance that looks deployed does not fall back to an embedded Redis of its own
 * (each instance would keep its own volatile state): it refuses to start and says why.
 */
class EmbeddedRedisGuardTest {

	@Test
	void aWebhookInstanceWithoutRedisUrlRefusesToStart() {
		assertThatThrownBy(() -> start("--concierge.telegram.bot-token=123:abc", "--concierge.telegram.mode=webhook",
				"--concierge.telegram.webhook-secret=secret-0123456789"))
			.hasStackTraceContaining("REDIS_URL is not set, but Telegram runs in webhook mode")
			.hasStackTraceContaining("CONCIERGE_REDIS_EMBEDDED=true");
	}

	@Test
	void aLineInstanceWithoutRedisUrlRefusesToStart() {
		assertThatThrownBy(() -> start("--concierge.line.channel-secret=s", "--concierge.line.channel-access-token=t"))
			.hasStackTraceContaining("REDIS_URL is not set, but the LINE channel is on");
	}

	private static void start(String... args) {
		String[] all = new String[args.length + 2];
		System.arraycopy(args, 0, all, 0, args.length);
		all[args.length] = "--server.port=0";
		// the tests' own properties allow the embedded Redis; an empty value asks again
		all[args.length + 1] = "--concierge.redis.embedded=";
		new SpringApplicationBuilder(CareerConciergeApplication.class).run(all).close();
	}

}
