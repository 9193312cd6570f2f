package com.careerconcierge.channel.line;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.careerconcierge.consultation.Attempt;
import com.careerconcierge.consultation.ChannelDelivery;
import com.careerconcierge.consultation.Outgoing;
import com.linecorp.bot.messaging.model.Message;

/**
 * How the outbox reaches a LINE user: the first batch with the event's reply token while
 * it is young enough (replies are free), everything else with the push API, whose retry
 * key is derived from the message's place in the outbox, so a repeated attempt — after a
 * timeout, or by another instance after a crash — is dropped by LINE instead of said
 * twice.
 */
class LineDelivery implements ChannelDelivery {

	/** LINE accepts a reply token for about a minute; past this, push at once. */
	static final Duration REPLY_TOKEN_LIFETIME = Duration.ofSeconds(50);

	private final LineSender sender;

	private final Clock clock;

	LineDelivery(LineSender sender, Clock clock) {
		this.sender = sender;
		this.clock = clock;
	}

	@Override
	public String channel() {
		return LineInbound.CHANNEL;
	}

	@Override
	public int parts(Outgoing message) {
		return LineMessages.batches(message.replies()).size();
	}

	@Override
	public Attempt send(Outgoing message, int part) {
		String to = message.conversation().userId();
		List<Message> batch = LineMessages.batches(message.replies()).get(part);
		if (part == 0 && message.context() != null
				&& this.clock.millis() - message.at() < REPLY_TOKEN_LIFETIME.toMillis()) {
			Attempt replied = this.sender.reply(message.context(), to, batch);
			if (replied != null) {
				return replied;
			}
		}
		return this.sender.push(to, batch, retryKey(message, part));
	}

	static UUID retryKey(Outgoing message, int part) {
		String name = message.conversation().id() + "/" + message.id() + "/" + part + "/" + message.at();
		return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
	}

}
