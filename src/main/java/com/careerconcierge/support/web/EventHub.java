package com.careerconcierge.support.web;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Open server-sent-event streams, by key (a chat session, an agent): the one place that
 * opens, feeds and ends them. Every stream gets a heartbeat, which is also how a stream
 * whose client went away is found and released (the write fails); each key may keep a few
 * streams (opening one more ends the oldest), the hub a bounded number in all, and every
 * stream ends after a while anyway (clients reconnect).
 *
 * @param <K> the key type
 */
public final class EventHub<K> implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EventHub.class);

	private final String name;

	private final Settings settings;

	private final Map<K, Deque<SseEmitter>> streams = new ConcurrentHashMap<>();

	private final AtomicInteger open = new AtomicInteger();

	private final ScheduledFuture<?> heartbeat;

	/**
	 * A hub.
	 * @param name for logs and the {@code concierge.streams.open} gauge
	 * @param settings limits and the heartbeat
	 * @param scheduler runs the heartbeat
	 * @param meters where the gauge goes
	 */
	public EventHub(String name, Settings settings, TaskScheduler scheduler, MeterRegistry meters) {
		this.name = name;
		this.settings = settings;
		this.heartbeat = scheduler.scheduleWithFixedDelay(this::beat, settings.heartbeat());
		Gauge.builder("concierge.streams.open", this.open, AtomicInteger::get)
			.description("Open server-sent-event streams")
			.tag("hub", name)
			.register(meters);
	}

	/**
	 * Opens a stream for the key and sends a first comment, so the client sees it open.
	 * @param key whose stream
	 * @return the stream for the controller to return
	 * @throws StreamsExhaustedException if the hub holds as many streams as it may
	 */
	public SseEmitter open(K key) {
		if (this.open.incrementAndGet() > this.settings.maxStreams()) {
			this.open.decrementAndGet();
			throw new StreamsExhaustedException(this.name);
		}
		SseEmitter emitter = new SseEmitter(this.settings.lifetime().toMillis());
		SseEmitter oldest = null;
		Deque<SseEmitter> mine = this.streams.compute(key, (k, existing) -> {
			Deque<SseEmitter> deque = (existing != null) ? existing : new ArrayDeque<>();
			deque.addLast(emitter);
			return deque;
		});
		synchronized (mine) {
			if (mine.size() > this.settings.maxPerKey()) {
				oldest = mine.peekFirst();
			}
		}
		emitter.onCompletion(() -> remove(key, emitter));
		emitter.onTimeout(() -> remove(key, emitter));
		emitter.onError((ex) -> remove(key, emitter));
		if (oldest != null) {
			remove(key, oldest);
			oldest.complete();
		}
		// a client gone already is released by the failed write
		send(key, emitter, SseEmitter.event().comment("connected"));
		return emitter;
	}

	/**
	 * Sends one event to the key's streams.
	 * @param key whose streams
	 * @param event the event's name
	 * @param data its data, as JSON
	 * @return how many streams took it
	 */
	public int send(K key, String event, Object data) {
		return send(key, event, null, data);
	}

	/**
	 * Sends one event with an id, which a reconnecting client sends back as
	 * {@code Last-Event-ID}.
	 * @param key whose streams
	 * @param event the event's name
	 * @param id the event's id, or null
	 * @param data its data, as JSON
	 * @return how many streams took it
	 */
	public int send(K key, String event, String id, Object data) {
		Deque<SseEmitter> mine = this.streams.get(key);
		if (mine == null) {
			return 0;
		}
		int sent = 0;
		for (SseEmitter emitter : snapshot(mine)) {
			SseEmitter.SseEventBuilder built = SseEmitter.event().name(event);
			if (id != null) {
				built.id(id);
			}
			if (send(key, emitter, built.data(data, MediaType.APPLICATION_JSON))) {
				sent++;
			}
		}
		return sent;
	}

	/**
	 * Sends one event to every stream, with data made for each key.
	 * @param event the event's name
	 * @param dataFor the data for a key's streams, as JSON, or null to send them nothing
	 */
	public void broadcast(String event, Function<K, Object> dataFor) {
		this.streams.forEach((key, mine) -> {
			Object data = dataFor.apply(key);
			if (data != null) {
				for (SseEmitter emitter : snapshot(mine)) {
					send(key, emitter, SseEmitter.event().name(event).data(data, MediaType.APPLICATION_JSON));
				}
			}
		});
	}

	/**
	 * The keys with at least one open stream.
	 * @return the keys
	 */
	public List<K> keys() {
		return List.copyOf(this.streams.keySet());
	}

	/**
	 * How many streams are open.
	 * @return the count
	 */
	public int size() {
		return this.open.get();
	}

	/** Ends every stream (shutdown); clients reconnect elsewhere. */
	@Override
	public void close() {
		this.heartbeat.cancel(false);
		this.streams.forEach((key, mine) -> snapshot(mine).forEach((emitter) -> {
			remove(key, emitter);
			emitter.complete();
		}));
	}

	private void beat() {
		this.streams.forEach((key, mine) -> {
			for (SseEmitter emitter : snapshot(mine)) {
				send(key, emitter, SseEmitter.event().comment("heartbeat"));
			}
		});
	}

	private boolean send(K key, SseEmitter emitter, SseEmitter.SseEventBuilder event) {
		try {
			// one writer at a time per stream: the heartbeat and events come from other
			// threads
			synchronized (emitter) {
				emitter.send(event);
			}
			return true;
		}
		catch (IOException | IllegalStateException ex) {
			// The client went away (or the stream already ended): release it now.
			log.debug("Dropped a {} stream: {}", this.name, ex.toString());
			remove(key, emitter);
			try {
				emitter.completeWithError(ex);
			}
			catch (IllegalStateException ended) {
				// Tomcat already ended the stream's request after a network error: it
				// refuses another dispatch. The stream is gone either way; the chat's
				// other streams must still get the event.
				log.debug("The {} stream had ended already: {}", this.name, ended.getMessage());
			}
			return false;
		}
	}

	private void remove(K key, SseEmitter emitter) {
		Deque<SseEmitter> mine = this.streams.get(key);
		if (mine == null) {
			return;
		}
		boolean removed;
		synchronized (mine) {
			removed = mine.remove(emitter);
		}
		if (removed) {
			this.open.decrementAndGet();
		}
		this.streams.computeIfPresent(key, (k, deque) -> {
			synchronized (deque) {
				return deque.isEmpty() ? null : deque;
			}
		});
	}

	private static List<SseEmitter> snapshot(Deque<SseEmitter> mine) {
		synchronized (mine) {
			return List.copyOf(mine);
		}
	}

	/**
	 * Limits of a hub.
	 *
	 * @param heartbeat how often every stream gets a comment line
	 * @param maxPerKey streams one key may keep open
	 * @param maxStreams streams the hub keeps open in all
	 * @param lifetime after how long a stream ends (the client reconnects)
	 */
	public record Settings(Duration heartbeat, int maxPerKey, int maxStreams, Duration lifetime) {
	}

	/**
	 * No more streams can be opened now; answered 503.
	 */
	public static class StreamsExhaustedException extends RuntimeException {

		StreamsExhaustedException(String hub) {
			super("No more " + hub + " event streams can be opened now");
		}

	}

}
