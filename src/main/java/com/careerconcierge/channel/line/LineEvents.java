package com.careerconcierge.channel.line;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.careerconcierge.channel.line.LineInbound.Dialogue;
import com.careerconcierge.channel.line.LineInbound.Forget;
import com.careerconcierge.channel.line.LineInbound.Ignored;
import com.careerconcierge.channel.line.LineInbound.PrivateChatOnly;
import com.careerconcierge.channel.line.LineInbound.Unsupported;
import com.careerconcierge.channel.line.LineInbound.Welcome;
import com.careerconcierge.consultation.Consultation;
import com.careerconcierge.consultation.Notice;
import com.careerconcierge.consultation.ConversationBusyException;
import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.support.KeyedExecutor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import com.careerconcierge.consultation.InvalidMessageException;
import com.linecorp.bot.client.base.Result;
import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.messaging.model.UserProfileResponse;
import com.linecorp.bot.webhook.model.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on LINE webhook events: hands them to the consultation synchronously (so a storage
 * failure still fails the webhook and LINE delivers again); the core commits the answers
 * to the outbox, which delivers them through {@link LineDelivery}.
 */
class LineEvents {

	private static final Logger log = LoggerFactory.getLogger(LineEvents.class);

	/**
	 * How long a first message waits for the user's name; LINE expects the webhook's
	 * answer within about two seconds.
	 */
	private static final Duration PROFILE_WAIT = Duration.ofSeconds(1);

	/**
	 * How long a webhook call may wait for its events; LINE gives up after a few seconds.
	 */
	private static final Duration CALL_WAIT = Duration.ofSeconds(10);

	private final Consultation consultation;

	private final MessagingApiClient client;

	private final KeyedExecutor lanes;

	private final Duration maxEventAge;

	private final Clock clock;

	private final Counter stale;

	LineEvents(Consultation consultation, MessagingApiClient client, KeyedExecutor lanes, Duration maxEventAge,
			Clock clock, MeterRegistry meters) {
		this.consultation = consultation;
		this.client = client;
		this.lanes = lanes;
		this.maxEventAge = maxEventAge;
		this.clock = clock;
		this.stale = Counter.builder("concierge.line.stale.events")
			.description("LINE events not acted on because they were too old")
			.register(meters);
	}

	/**
	 * Handles the events of one webhook call: one user's events in order, different
	 * users' in parallel, all before the call is answered (so a storage failure still
	 * answers 503 and LINE delivers the call again; handled events are not handled
	 * twice).
	 * @param events the events (none for LINE's verification request)
	 */
	void handle(List<Event> events) {
		List<CompletableFuture<Void>> handled = new ArrayList<>(events.size());
		long now = this.clock.millis();
		for (Event event : events) {
			if (event == null) {
				continue; // a signed body with a null event: nothing to do, and no reason
							// to fail
			}
			if (event.timestamp() != null && now - event.timestamp() > this.maxEventAge.toMillis()) {
				this.stale.increment();
				log.warn("Ignoring a LINE {} event from {} s ago (older than {})", event.getClass().getSimpleName(),
						(now - event.timestamp()) / 1000, this.maxEventAge);
				continue;
			}
			LineInbound inbound = LineInbound.from(event);
			handled.add(this.lanes.submit(lane(event), () -> {
				handle(inbound);
				return null;
			}));
		}
		try {
			CompletableFuture.allOf(handled.toArray(CompletableFuture[]::new))
				.get(CALL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new ConversationBusyException("LINE events took longer than " + CALL_WAIT.toSeconds() + " s");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ConversationBusyException("Interrupted while handling LINE events");
		}
	}

	private static Object lane(Event event) {
		return (event.source() != null && event.source().userId() != null) ? event.source().userId() : "";
	}

	void handle(LineInbound inbound) {
		if (inbound instanceof Dialogue dialogue) {
			dialogue(dialogue);
		}
		else if (inbound instanceof Welcome welcome) {
			welcome(welcome);
		}
		else if (inbound instanceof Forget forget) {
			this.consultation.forget(key(forget.userId()));
		}
		else if (inbound instanceof Unsupported unsupported) {
			// A notice changes nothing and has no event id to de-duplicate by: on a
			// redelivery it was probably sent already, and one too few beats one too
			// many.
			if (!unsupported.redelivery()) {
				this.consultation.notice(key(unsupported.userId()), Notice.UNSUPPORTED_CONTENT,
						unsupported.replyToken());
			}
		}
		else if (inbound instanceof PrivateChatOnly group) {
			if (!group.redelivery()) {
				this.consultation.notice(key(group.chatId()), Notice.PRIVATE_CHAT_ONLY, group.replyToken());
			}
		}
		else if (inbound instanceof Ignored ignored) {
			log.debug("Ignoring a LINE event: {}", ignored.what());
		}
	}

	private void dialogue(Dialogue dialogue) {
		ConversationKey key = key(dialogue.userId());
		try {
			this.consultation.handle(dialogue.message(nameToStore(key, dialogue.userId())));
		}
		catch (InvalidMessageException ex) {
			// LINE's texts may be up to 5000 characters, ours up to 2000. Say so instead
			// of
			// failing the webhook: a 4xx would drop the other events of the call too.
			log.info("Turned down a LINE message from {}: {}", key, ex.getMessage());
			if (dialogue.text() == null || dialogue.text().isBlank() || dialogue.redelivery()) {
				return;
			}
			this.consultation.notice(key, Notice.refused(ex), dialogue.replyToken());
		}
	}

	private void welcome(Welcome welcome) {
		ConversationKey key = key(welcome.userId());
		// start() has no event id to de-duplicate by; a redelivered follow whose welcome
		// was stored is not welcomed twice.
		if (welcome.redelivery() && this.consultation.exists(key)) {
			log.info("Ignoring a redelivered follow of {}", key);
			return;
		}
		this.consultation.start(key, nameToStore(key, welcome.userId()), welcome.replyToken());
	}

	/**
	 * The user's display name if none is stored yet; the profile API is asked once, and a
	 * failure there only means the bot does not use the name.
	 */
	private String nameToStore(ConversationKey key, String userId) {
		if (this.consultation.displayName(key).isPresent()) {
			return null;
		}
		try {
			Result<UserProfileResponse> profile = this.client.getProfile(userId)
				.get(PROFILE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
			return (profile != null && profile.body() != null) ? profile.body().displayName() : null;
		}
		catch (ExecutionException ex) {
			log.warn("Could not read the LINE profile of {}: {}", key,
					(ex.getCause() != null) ? ex.getCause().toString() : ex.toString());
		}
		catch (TimeoutException ex) {
			log.warn("The LINE profile of {} took longer than {} ms; going on without the name", key,
					PROFILE_WAIT.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return null;
	}

	private static ConversationKey key(String id) {
		return new ConversationKey(LineInbound.CHANNEL, id);
	}

}
