package com.careerconcierge.consultation;

import java.util.Map;

import com.careerconcierge.support.WebChat;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With room for only one message in work at a time, every way a message can end (a change
 * of stage, a button that is not on offer, a command, deleting everything) gives its turn
 * back: otherwise the next message would wait out the lock wait and be answered 503.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concierge.consultation.max-concurrent-messages=1", "concierge.consultation.lock-wait=1s" })
class OneMessageAtATimeTest {

	@LocalServerPort
	int port;

	@Test
	void everyWayAMessageEndsGivesItsTurnBack() {
		WebChat chat = new WebChat(this.port);
		chat.open();
		for (int round = 0; round < 3; round++) {
			assertThat(status(chat, Map.of("postback", "cmd:begin"))).isEqualTo(200); // a
																						// change
			assertThat(status(chat, Map.of("postback", "role:accounting"))).isEqualTo(200); // not
																							// on
																							// offer
			assertThat(status(chat, Map.of("text", "/reset"))).isEqualTo(200);
		}
		assertThat(status(chat, Map.of("text", "/forget"))).isEqualTo(200);
		assertThat(status(chat, Map.of("postback", "cmd:forgetConfirm"))).isEqualTo(200); // erases
		WebChat other = new WebChat(this.port);
		other.open();
		assertThat(status(other, Map.of("postback", "cmd:begin"))).isEqualTo(200);
	}

	private static int status(WebChat chat, Map<String, String> body) {
		long started = System.nanoTime();
		int status = chat.send(body).status();
		// a leaked turn shows as a wait of the whole lock wait before a 503
		assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(900);
		return status;
	}

}
