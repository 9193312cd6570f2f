package com.careerconcierge.channel.telegram;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pace's arithmetic on a clock the test moves, and its memory: chats that are idle
 * again are forgotten, so a bot that talked to many people does not keep them all.
 */
class ChatPaceTest {

	final AtomicLong now = new AtomicLong(5_000_000_000L);

	final ChatPace pace = new ChatPace(Duration.ofSeconds(1), 3, this.now::get);

	@Test
	void threeAtOnceThenOnePerSecondPerChat() {
		assertThat(this.pace.reserve(1)).isZero();
		assertThat(this.pace.reserve(1)).isZero();
		assertThat(this.pace.reserve(1)).isZero();
		assertThat(this.pace.reserve(1)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.pace.reserve(1)).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.pace.reserve(2)).as("another chat").isZero();
		advance(Duration.ofSeconds(10));
		assertThat(this.pace.reserve(1)).as("after a pause, a burst again").isZero();
	}

	@Test
	void aFloodWaitsAtMostTwoSecondsAMessage() {
		Duration longest = Duration.ZERO;
		for (int i = 0; i < 50; i++) {
			Duration wait = this.pace.reserve(1);
			longest = (wait.compareTo(longest) > 0) ? wait : longest;
		}
		assertThat(longest).isEqualTo(Duration.ofNanos(ChatPace.MAX_WAIT_NANOS));
		advance(Duration.ofSeconds(4));
		assertThat(this.pace.reserve(1)).as("the queue did not grow past the longest wait").isZero();
	}

	@Test
	void idleChatsAreForgotten() {
		for (long chat = 0; chat <= 10_000; chat++) {
			this.pace.reserve(chat);
		}
		assertThat(this.pace.tracked()).isEqualTo(10_001);
		advance(Duration.ofSeconds(2));
		this.pace.reserve(20_000);
		assertThat(this.pace.tracked()).isEqualTo(1);
	}

	@Test
	void zeroIntervalTurnsPacingOff() {
		ChatPace off = new ChatPace(Duration.ZERO, 3, this.now::get);
		for (int i = 0; i < 100; i++) {
			assertThat(off.reserve(1)).isZero();
		}
		assertThat(off.tracked()).isZero();
	}

	private void advance(Duration duration) {
		this.now.addAndGet(duration.toNanos());
	}

}
