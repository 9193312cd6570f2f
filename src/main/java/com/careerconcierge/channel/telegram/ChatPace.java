package com.careerconcierge.channel.telegram;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Keeps the messages to one chat within Telegram's pace (about one message per second per
 * chat, short bursts allowed): the first {@code burst} messages go at once, later ones
 * one {@code interval} apart. A generic cell rate algorithm: per chat only the time its
 * next message is due is kept, and chats that are idle again are forgotten.
 * <p>
 * The pace is kept per instance. One user's messages are answered one at a time (the
 * user's lock), so one instance sends the answers; an agent's message sent by another
 * instance at the same moment can still pass the pace, and is then retried after
 * Telegram's {@code retry_after}.
 */
final class ChatPace {

	/** Forget idle chats once this many are tracked, at most once a second. */
	private static final int SWEEP_ABOVE = 10_000;

	private static final long SWEEP_EVERY_NANOS = 1_000_000_000L;

	/** The longest a message waits for its turn. */
	static final long MAX_WAIT_NANOS = 2_000_000_000L;

	private final AtomicLong lastSweep = new AtomicLong();

	private final long intervalNanos;

	private final long toleranceNanos;

	private final LongSupplier clock;

	private final Map<Long, Long> due = new ConcurrentHashMap<>();

	ChatPace(Duration interval, int burst) {
		this(interval, burst, System::nanoTime);
	}

	ChatPace(Duration interval, int burst, LongSupplier clock) {
		this.intervalNanos = interval.toNanos();
		this.toleranceNanos = this.intervalNanos * Math.max(burst - 1, 0);
		this.clock = clock;
		this.lastSweep.set(clock.getAsLong());
	}

	/**
	 * Books a message to the chat.
	 * @param chatId the chat
	 * @return how long to wait before sending it (zero: send now)
	 */
	Duration reserve(long chatId) {
		if (this.intervalNanos <= 0) {
			return Duration.ZERO;
		}
		long now = this.clock.getAsLong();
		long[] wait = new long[1];
		this.due.compute(chatId, (chat, next) -> {
			long start = (next == null || next - now < 0) ? now : next;
			// A chat that floods does not push its queue ever further: past the longest
			// wait a message goes anyway (Telegram's 429 and retry_after take over).
			start = Math.min(start, now + this.toleranceNanos + MAX_WAIT_NANOS);
			wait[0] = Math.max(0, start - now - this.toleranceNanos);
			return start + this.intervalNanos;
		});
		long lastSweep = this.lastSweep.get();
		if (this.due.size() > SWEEP_ABOVE && now - lastSweep > SWEEP_EVERY_NANOS
				&& this.lastSweep.compareAndSet(lastSweep, now)) {
			this.due.values().removeIf((next) -> next - now <= 0);
		}
		return Duration.ofNanos(wait[0]);
	}

	/**
	 * How many chats are remembered (those with a message due, and idle ones not yet
	 * swept).
	 */
	int tracked() {
		return this.due.size();
	}

}
