package com.careerconcierge.channel.web;

import com.careerconcierge.CareerConciergeApplication;
import com.careerconcierge.support.WebChat;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing lives in the application: a conversation continues after a restart on the same
 * Redis.
 */
class RestartTest {

	@Test
	void continuesAtTheThirdStageAfterTheApplicationRestarts() {
		String sessionId;
		try (ConfigurableApplicationContext first = start()) {
			WebChat chat = new WebChat(port(first));
			chat.open();
			chat.press("相談を始める");
			chat.press("事務の経験がない");
			chat.press("次へ進む");
			chat.press("目標に向かう行動力");
			chat.press("次へ進む");
			chat.say("半期の目標を3期連続で達成した");
			assertThat(chat.lastText()).contains("どの職種に関心がありますか");
			sessionId = chat.sessionId();
		}
		try (ConfigurableApplicationContext second = start()) {
			WebChat chat = new WebChat(port(second)).resume(sessionId);
			String plan = String.join("\n", chat.say("人事"));
			assertThat(plan).contains("目指す職種は「人事」")
				.contains("半期の目標を3期連続で達成した")
				.contains("目標から逆算して計画的に動く力")
				.contains("事務の経験がないことについて");
		}
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(CareerConciergeApplication.class).run("--server.port=0");
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
