package com.careerconcierge.consultation.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.careerconcierge.consultation.Attempt;
import com.careerconcierge.consultation.ChannelDelivery;
import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.consultation.DeadLetter;
import com.careerconcierge.consultation.DeliveryProperties;
import com.careerconcierge.consultation.Outgoing;
import com.careerconcierge.consultation.internal.RedisOutbox.Pending;
import com.careerconcierge.consultation.internal.RedisOutbox.Start;
import com.careerconcierge.support.KeyedExecutor;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.lang.Nullable;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Delivers what turns committed to their conversations' outboxes, off the request thread:
 * one conversation at a time per instance and across instances (a lease in Redis), its
 * messages in order, each platform call confirmed before the next. A pause — the
 * platform's pace, a {@code retry_after}, a backoff — is a timer, never a sleeping
 * thread. A message that cannot be delivered within the deadline, or that the platform
 * refuses for good, is parked in the dead letters agents see, and counted.
 * <p>
 * Crash safety: a conversation is marked due before its turn commits, and the mark is
 * removed only once nothing is pending. Every instance sweeps the marks that are due, so
 * the messages of an instance killed between commit and delivery are delivered by another
 * one, or by itself after a restart, within seconds. A delivery taken over half-way may
 * repeat the call that was under way; that is counted.
 */
class Outbox implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Outbox.class);

	/**
	 * How many pending messages one read takes: one, since each record of a call reads
	 * the next.
	 */
	private static final int BATCH = 1;

	/** How soon a delivery record Redis refused is tried again. */
	static final Duration CONFIRM_RETRY = Duration.ofMillis(250);

	/** How many due conversations one sweep claims. */
	private static final int SWEEP_BATCH = 200;

	/** How many batches one sweep claims at most. */
	private static final int SWEEP_ROUNDS = 20;

	private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

	private final RedisOutbox store;

	private final Map<String, ChannelDelivery> channels;

	private final DeliveryProperties properties;

	private final Clock clock;

	/** This instance's name on the leases it holds. */
	private final String owner = UUID.randomUUID().toString();

	/**
	 * The pause after a failed call that came without {@code retry_after}: doubling from
	 * the first pause, randomised by a quarter, up to the longest.
	 */
	private final IntervalFunction backoff;

	/**
	 * Conversations being delivered to on this instance, by id: a commit meanwhile only
	 * pokes the delivery under way (which looks again before it ends), rather than
	 * queueing a second one that would read the outbox for nothing.
	 */
	private final Map<String, Drain> drains = new ConcurrentHashMap<>();

	/** Conversations whose delivery waits for a timer, by id; touched on their lane. */
	private final Map<String, Drain> paused = new ConcurrentHashMap<>();

	private final Counter delivered;

	private final Counter retried;

	private final Counter parked;

	private final Counter resent;

	private final Counter notResent;

	/**
	 * The last call the platform accepted from this instance, per conversation. Redis
	 * replicates asynchronously: a failover can lose the record of a call made just
	 * before it, and the next take would make that call again. A message is known by its
	 * id and the time it was written, so one written anew under a reused id is not taken
	 * for it.
	 */
	private final Cache<String, Sent> sentHere = Caffeine.newBuilder()
		.maximumSize(50_000)
		.expireAfterWrite(Duration.ofMinutes(5))
		.build();

	private volatile KeyedExecutor lanes;

	private volatile ScheduledExecutorService timer;

	Outbox(RedisOutbox store, List<ChannelDelivery> channels, DeliveryProperties properties, Clock clock,
			MeterRegistry meters) {
		this.store = store;
		this.channels = channels.stream().collect(Collectors.toMap(ChannelDelivery::channel, Function.identity()));
		this.properties = properties;
		this.clock = clock;
		this.backoff = IntervalFunction.ofExponentialRandomBackoff(properties.firstRetry(), 2.0, 0.25,
				properties.maxRetryPause());
		this.delivered = Counter.builder("concierge.outbox.calls")
			.tag("outcome", "delivered")
			.description("Platform calls the outbox made")
			.register(meters);
		this.retried = Counter.builder("concierge.outbox.calls")
			.tag("outcome", "retried")
			.description("Platform calls the outbox made")
			.register(meters);
		this.parked = Counter.builder("concierge.outbox.parked")
			.description("Messages given up and parked in the dead letters")
			.register(meters);
		this.resent = Counter.builder("concierge.outbox.resent")
			.description("Deliveries taken over half-way, whose next call may repeat one that went through")
			.register(meters);
		this.notResent = Counter.builder("concierge.outbox.rerecorded")
			.description("Calls made whose record a Redis failover lost, recorded again instead of repeated")
			.register(meters);
		Gauge.builder("concierge.outbox.paused", this.paused, Map::size)
			.description("Conversations whose delivery waits for a pace or a retry")
			.register(meters);
	}

	/**
	 * Whether the user's own turns are answered in the request's response on this channel
	 * (the web chat).
	 */
	boolean answersInResponse(ConversationKey key) {
		ChannelDelivery channel = this.channels.get(key.channel());
		return channel != null && channel.answersInResponse();
	}

	/** Whether the channel keeps a history of delivered messages (the web chat). */
	boolean keepsHistory(ConversationKey key) {
		return answersInResponse(key);
	}

	/**
	 * How a turn that commits a message for delivery starts it: the due mark (written
	 * here on a cluster, before the commit; by the commit on a single Redis) and this
	 * instance as the one to take the delivery, if it is delivering.
	 * @return the mark's score and the owner, for the commit and {@link #wake}
	 */
	Start start(ConversationKey key) {
		long score = this.clock.millis() + this.properties.recoverAfter().toMillis();
		if (!this.store.marksInScripts()) {
			this.store.due(key, score);
		}
		return new Start((this.lanes != null) ? this.owner : null, score);
	}

	/**
	 * Starts delivering the conversation's pending messages, or has the delivery under
	 * way look again before it ends.
	 * @param key the conversation
	 * @param score the due mark to remove once nothing is pending (-1: none known)
	 * @param taken what is pending, if the commit took the delivery for this instance
	 */
	void wake(ConversationKey key, long score, @Nullable Pending taken) {
		KeyedExecutor lanes = this.lanes;
		if (lanes == null) {
			log.info("Not running; the messages of {} are delivered after the next start", key);
			return;
		}
		Drain[] started = new Drain[1];
		this.drains.compute(key.id(), (id, drain) -> {
			if (drain == null) {
				started[0] = new Drain(key, score, taken);
				return started[0];
			}
			drain.poked = true;
			drain.score = Math.max(drain.score, score);
			return drain;
		});
		if (started[0] == null) {
			return;
		}
		try {
			lanes.execute(key.id(), () -> run(started[0]));
		}
		catch (RejectedExecutionException ex) {
			this.drains.remove(key.id(), started[0]);
			log.warn("Delivery queue full or closed; {} is delivered by the next sweep", key);
		}
	}

	/**
	 * Ends a delivery that found nothing pending, unless a commit poked it since its last
	 * read of the outbox.
	 * @return true to look again
	 */
	private boolean lookAgain(Drain drain) {
		boolean[] again = new boolean[1];
		this.drains.compute(drain.key.id(), (id, current) -> {
			if (current != drain) {
				return current;
			}
			again[0] = drain.poked;
			drain.poked = false;
			return again[0] ? drain : null;
		});
		if (!again[0] && drain.score >= 0 && !this.store.marksInScripts()) {
			this.store.undue(drain.key, drain.score);
		}
		return again[0];
	}

	/** Conversations due (another instance died, or this one restarted). */
	void sweep() {
		try {
			long now = this.clock.millis();
			long rescore = now + this.properties.recoverAfter().toMillis();
			for (int round = 0; round < SWEEP_ROUNDS; round++) {
				List<ConversationKey> due = this.store.claimDue(now, rescore, SWEEP_BATCH);
				for (ConversationKey key : due) {
					wake(key, rescore, null);
				}
				if (due.size() < SWEEP_BATCH) {
					break;
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not sweep the outbox: {}", ex.toString());
		}
	}

	private void run(Drain drain) {
		boolean ended = false;
		try {
			deliver(drain);
			ended = true;
		}
		catch (RuntimeException ex) {
			// Redis failed: the lease runs out and the due mark brings it back.
			log.warn("Delivery to {} stopped: {}; it resumes with the next sweep", drain.key, ex.toString());
		}
		finally {
			if (!ended) {
				// whatever stopped it, later commits must start a delivery, not poke this
				// one
				this.paused.remove(drain.key.id());
				this.drains.remove(drain.key.id(), drain);
			}
		}
	}

	/** Where a delivery stops for now: paused, or handed to another instance. */
	private void stopped(Drain drain) {
		if (!this.paused.containsKey(drain.key.id())) {
			this.drains.remove(drain.key.id(), drain);
		}
	}

	private void deliver(Drain drain) {
		ConversationKey key = drain.key;
		ChannelDelivery channel = this.channels.get(key.channel());
		if (channel == null) {
			log.warn("No delivery for channel {}; the messages of {} wait", key.channel(), key);
			stopped(drain);
			return;
		}
		boolean history = keepsHistory(key);
		Pending pending;
		if (drain.unconfirmed != null) {
			// a call the platform accepted whose record failed (Redis was away): record
			// it now, rather than let the next take send it again
			pending = confirm(drain, drain.unconfirmed.id(), drain.unconfirmed.next(), history);
		}
		else if (drain.taken != null) {
			pending = drain.taken; // the commit took the delivery and read it
			drain.taken = null;
		}
		else {
			pending = take(drain);
		}
		// Each record of a call also reads what comes next: one round trip per call.
		while (true) {
			if (pending == null) {
				stopped(drain); // paused, or another instance delivers
				return;
			}
			if (pending.messages().isEmpty()) {
				if (!lookAgain(drain)) {
					return;
				}
				pending = take(drain);
				continue;
			}
			if (pending.takenOver() && !drain.resumed) {
				this.resent.increment();
				log.info("Took over the delivery to {} half-way; its next call may repeat one", key);
			}
			drain.resumed = true;
			Outgoing message = pending.messages().get(0);
			int part = pending.firstPart();
			int parts = Math.max(1, channel.parts(message));
			if (!drain.pacedFor(message.id(), part)) {
				Duration wait = channel.pace(message, part);
				if (!wait.isZero() && !wait.isNegative()) {
					drain.paced(message.id(), part);
					pause(drain, wait);
					return;
				}
			}
			Sent sent = this.sentHere.getIfPresent(key.id());
			boolean made = sent != null && sent.id() == message.id() && sent.at() == message.at()
					&& sent.part() >= part;
			Attempt attempt = made ? Attempt.delivered() : send(channel, message, part);
			if (made) {
				this.notResent.increment();
				log.info("The record of message {} to {} was lost (a failover?); recorded again, not sent again",
						message.id(), key);
			}
			int next = (part + 1 < parts) ? part + 1 : -1;
			if (attempt.outcome() == Attempt.Outcome.RETRY) {
				this.retried.increment();
				Duration wait = drain.retryPause(message.id(), part, attempt, this.backoff);
				// a retry_after that ends past the deadline is not waited for
				if (this.clock.millis() + wait.toMillis() - message.at() < this.properties.deadline().toMillis()) {
					log.info("Delivery to {} answered {}; trying again in {} ms", key, attempt.why(), wait.toMillis());
					pause(drain, wait);
					return;
				}
				park(message, "not delivered within " + this.properties.deadline() + ": " + attempt.why());
				next = -1;
			}
			else if (attempt.outcome() == Attempt.Outcome.REFUSED) {
				park(message, attempt.why());
				next = -1;
			}
			else if (!made) {
				this.delivered.increment();
				this.sentHere.put(key.id(), new Sent(message.id(), message.at(), part));
			}
			pending = confirm(drain, message.id(), next, history);
		}
	}

	/** Takes the delivery and reads what is pending; null if another instance has it. */
	private Pending take(Drain drain) {
		drain.poked = false; // this read sees every commit before it
		return this.store.take(drain.key, this.owner, BATCH);
	}

	/**
	 * Records a call as made, and reads what is pending next. While Redis refuses (a
	 * failover, an outage), the record is kept here and tried again every
	 * {@link #CONFIRM_RETRY} until the delivery deadline, since a later take would
	 * otherwise make the same call twice; the record succeeds even after the lease ran
	 * out, unless another instance took the delivery over meanwhile (which it counts as a
	 * resend).
	 * @return what is pending (no messages: nothing), or null if this instance stops here
	 * (the record waits for a retry, or another instance took over)
	 */
	private Pending confirm(Drain drain, long id, int next, boolean history) {
		Pending pending;
		try {
			drain.poked = false; // this read sees every commit before it
			pending = this.store.ack(drain.key, this.owner, id, next, history);
		}
		catch (RuntimeException ex) {
			if (drain.unconfirmed == null || drain.unconfirmed.id() != id || drain.unconfirmed.next() != next) {
				drain.unconfirmed = new Unconfirmed(id, next, this.clock.millis());
			}
			if (this.clock.millis() - drain.unconfirmed.since() < this.properties.deadline().toMillis()) {
				log.warn("Could not record the delivery of message {} to {} ({}); trying again", id, drain.key,
						ex.toString());
				pause(drain, CONFIRM_RETRY);
				return null;
			}
			drain.unconfirmed = null;
			throw ex; // given up: another instance takes over and counts a resend
		}
		drain.unconfirmed = null;
		if (pending == null) {
			// the call went through, but another instance holds the delivery now (this
			// lease expired, or a failover lost it): it may make the same call again
			this.resent.increment();
			log.info("Lost the delivery to {} to another instance; its next call may repeat one", drain.key);
		}
		return pending;
	}

	private Attempt send(ChannelDelivery channel, Outgoing message, int part) {
		try {
			Attempt attempt = channel.send(message, part);
			return (attempt != null) ? attempt : Attempt.retry(null, "no answer");
		}
		catch (RuntimeException ex) {
			return Attempt.retry(null, ex.getClass().getSimpleName());
		}
	}

	private void pause(Drain drain, Duration wait) {
		String id = drain.key.id();
		this.paused.put(id, drain);
		try {
			this.store.extend(drain.key, this.owner, wait.toMillis());
		}
		catch (RuntimeException ex) {
			// Redis is away: the timer below tries again all the same
			log.debug("Could not extend the delivery lease of {}: {}", drain.key, ex.toString());
		}
		ScheduledExecutorService timer = this.timer;
		if (timer == null) {
			return;
		}
		timer.schedule(() -> {
			KeyedExecutor lanes = this.lanes;
			if (lanes == null) {
				return;
			}
			try {
				lanes.execute(id, () -> {
					if (this.paused.remove(id, drain)) {
						run(drain);
					}
				});
			}
			catch (RejectedExecutionException ex) {
				this.paused.remove(id, drain);
				this.drains.remove(id, drain);
				log.warn("Delivery queue full or closed; {} is delivered by the next sweep", drain.key);
			}
		}, wait.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void park(Outgoing message, String reason) {
		this.parked.increment();
		log.warn("Parked message {} to {} in the dead letters: {}", message.id(), message.conversation(), reason);
		this.store.park(new DeadLetter(message.conversation().channel(), message.conversation().userId(), message.id(),
				message.at(), this.clock.millis(), reason, message.replies(), message.agent()));
	}

	@Override
	public void start() {
		this.lanes = new KeyedExecutor("outbox", this.properties.lanes(), 10_000);
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
				new CustomizableThreadFactory("outbox-timer-"));
		timer.setRemoveOnCancelPolicy(true);
		timer.scheduleWithFixedDelay(this::sweep, this.properties.sweepEvery().toMillis(),
				this.properties.sweepEvery().toMillis(), TimeUnit.MILLISECONDS);
		this.timer = timer;
	}

	@Override
	public void stop() {
		ScheduledExecutorService timer = this.timer;
		KeyedExecutor lanes = this.lanes;
		this.timer = null;
		if (timer != null) {
			timer.shutdownNow();
		}
		if (lanes != null) {
			lanes.drain(SHUTDOWN_WAIT);
		}
		this.lanes = null;
		this.drains.clear();
		// Hand paused deliveries back at once: another instance, or the next start, goes
		// on.
		for (Drain drain : this.paused.values()) {
			try {
				this.store.release(drain.key, this.owner);
			}
			catch (RuntimeException ex) {
				log.debug("Could not hand back {}: {}", drain.key, ex.toString());
			}
		}
		this.paused.clear();
	}

	@Override
	public boolean isRunning() {
		return this.lanes != null;
	}

	/** After the web server has stopped taking requests, before Redis goes. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	/**
	 * Waits until nothing is queued, running or paused on this instance (tests).
	 * @param timeout how long to wait at most
	 * @return true if it went idle in time
	 */
	boolean awaitIdle(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			KeyedExecutor lanes = this.lanes;
			if (lanes == null) {
				return true;
			}
			if (lanes.awaitIdle(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))) && this.paused.isEmpty()
					&& lanes.awaitIdle(Duration.ofMillis(50))) {
				return true;
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return false;
	}

	/**
	 * A call the platform accepted, not yet recorded: the message, its next part, since
	 * when.
	 */
	private record Unconfirmed(long id, int next, long since) {
	}

	/** A call the platform accepted: a message's part. */
	private record Sent(long id, long at, int part) {
	}

	/** One conversation's delivery in progress on this instance. */
	private static final class Drain {

		final ConversationKey key;

		volatile long score;

		boolean resumed;

		/** A commit came while this delivery was under way. */
		volatile boolean poked;

		private long pacedId = -1;

		private int pacedPart = -1;

		private long retryId = -1;

		private int retryPart = -1;

		private int attempts;

		/** A call made whose record in Redis failed, to record before anything else. */
		Unconfirmed unconfirmed;

		/** What the commit that started this delivery read for it, until it is used. */
		Pending taken;

		Drain(ConversationKey key, long score, @Nullable Pending taken) {
			this.key = key;
			this.score = score;
			this.taken = taken;
		}

		boolean pacedFor(long id, int part) {
			return this.pacedId == id && this.pacedPart == part;
		}

		void paced(long id, int part) {
			this.pacedId = id;
			this.pacedPart = part;
		}

		Duration retryPause(long id, int part, Attempt attempt, IntervalFunction backoff) {
			if (this.retryId != id || this.retryPart != part) {
				this.retryId = id;
				this.retryPart = part;
				this.attempts = 0;
			}
			this.attempts++;
			this.paced(id, part); // a retry does not book the pace again
			Duration after = attempt.after();
			if (after != null && !after.isNegative()) {
				return after;
			}
			return Duration.ofMillis(backoff.apply(this.attempts));
		}

	}

}
