package com.careerconcierge.channel.line;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code LINE_CHANNEL_SECRET} and {@code LINE_CHANNEL_ACCESS_TOKEN} the channel
 * does not exist: no beans, and no webhook.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LineChannelOffTest {

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Test
	void theWebhookIsNotThereAndNoLineBeanIsCreated() {
		LinePlatform.Response response = new LinePlatform(this.port, "any-secret")
			.post(LinePlatform.payload("follow", Map.of("userId", "U0123456789abcdef0123456789abcdef")));
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(this.context.getBeanNamesForType(LineWebhookController.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(LineSender.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(LineEvents.class)).isEmpty();
	}

}
