package com.careerconcierge.handoff;

import com.careerconcierge.support.AgentApi;
import com.careerconcierge.support.EventStream;
import com.careerconcierge.support.RedisKeys;
import com.careerconcierge.support.WebChat;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Business hours apply to the human queue only: outside them the user is told when
 * someone will answer, the handoff still waits in the queue, and the bot keeps answering.
 * Here agents never work (opening and closing at the same minute), and the follow-up
 * comes after one second.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concierge.handoff.agent-tokens=alice:alice-token-0123456789", "concierge.handoff.opens=09:00",
				"concierge.handoff.closes=09:00", "concierge.handoff.follow-up-after=1s",
				"concierge.handoff.follow-up-check=200ms" })
class OutOfHoursTest {

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redisTemplate;

	@Test
	void outsideBusinessHoursTheUserIsToldWhenAndTheHandoffStillWaits() {
		new RedisKeys(this.redisTemplate).flush();
		WebChat user = new WebChat(this.port);
		user.open();
		try (EventStream userEvents = user.events()) {
			assertThat(user.say("人と話したい")).singleElement()
				.asString()
				.contains("受付時間外")
				.containsPattern("\\d{1,2}月\\d{1,2}日\\(.\\) 9:00以降")
				.contains("1番目");
			AgentApi alice = new AgentApi(this.port, "alice-token-0123456789");
			assertThat(alice.waiting()).hasSize(1);

			// nobody claimed it: one follow-up, not more
			userEvents.await("message", "お待たせしていて申し訳ありません");
			sleep(800);
			assertThat(userEvents.events()).filteredOn((event) -> event.data().contains("お待たせしていて")).hasSize(1);

			// the bot itself still answers at any hour
			user.press("ボットとの相談に戻る");
			assertThat(user.labels()).contains("相談を始める");
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
