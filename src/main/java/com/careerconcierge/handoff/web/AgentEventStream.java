package com.careerconcierge.handoff.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.careerconcierge.handoff.AgentEvent;
import com.careerconcierge.handoff.internal.RedisAgentEvents;
import com.careerconcierge.handoff.internal.RedisHandoffs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/agent/events}: every connected agent gets every agent event at once,
 * whichever instance it happened on. A heartbeat every 15 s keeps proxies from closing
 * the stream and marks the connected agents as online (business hours aside, users are
 * told when nobody is).
 */
@RestController
class AgentEventStream {

	private static final Logger log = LoggerFactory.getLogger(AgentEventStream.class);

	private static final Duration LEASE = Duration.ofSeconds(45);

	private final Map<SseEmitter, String> emitters = new ConcurrentHashMap<>();

	private final RedisHandoffs store;

	private final Clock clock;

	AgentEventStream(RedisAgentEvents events, RedisHandoffs store, Clock clock) {
		this.store = store;
		this.clock = clock;
		events.subscribe(this::broadcast);
	}

	@GetMapping(path = "/api/agent/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter events(@RequestAttribute(AgentAuthFilter.AGENT) String agent) throws IOException {
		SseEmitter emitter = new SseEmitter(0L);
		this.emitters.put(emitter, agent);
		emitter.onCompletion(() -> this.emitters.remove(emitter));
		emitter.onTimeout(() -> this.emitters.remove(emitter));
		emitter.onError((ex) -> this.emitters.remove(emitter));
		emitter.send(SseEmitter.event().name("hello").data(Map.of("agent", agent)));
		this.store.online(Set.of(agent), this.clock.millis() + LEASE.toMillis());
		return emitter;
	}

	private void broadcast(AgentEvent event) {
		this.emitters.keySet().forEach((emitter) -> {
			try {
				emitter.send(SseEmitter.event().name(event.type()).data(event, MediaType.APPLICATION_JSON));
			}
			catch (IOException | IllegalStateException ex) {
				this.emitters.remove(emitter);
			}
		});
	}

	/**
	 * Open streams would hold up a graceful shutdown: end them first, clients reconnect
	 * elsewhere.
	 */
	@EventListener(ContextClosedEvent.class)
	void closeStreams() {
		this.emitters.keySet().forEach(SseEmitter::complete);
		this.emitters.clear();
	}

	@Scheduled(fixedDelay = 15_000)
	void heartbeat() {
		if (this.emitters.isEmpty()) {
			return;
		}
		this.emitters.keySet().forEach((emitter) -> {
			try {
				emitter.send(SseEmitter.event().comment("heartbeat"));
			}
			catch (IOException | IllegalStateException ex) {
				this.emitters.remove(emitter);
			}
		});
		Set<String> agents = this.emitters.values().stream().collect(Collectors.toSet());
		try {
			this.store.online(agents, this.clock.millis() + LEASE.toMillis());
		}
		catch (RuntimeException ex) {
			log.warn("Could not record online agents: {}", ex.getMessage());
		}
	}

}
