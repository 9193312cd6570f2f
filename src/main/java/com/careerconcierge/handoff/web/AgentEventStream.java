package com.careerconcierge.handoff.web;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.careerconcierge.handoff.AgentEvent;
import com.careerconcierge.handoff.internal.RedisAgentEvents;
import com.careerconcierge.handoff.internal.RedisHandoffs;
import com.careerconcierge.support.web.EventHub;
import com.careerconcierge.support.web.EventHubs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/agent/events}: every connected agent gets every agent event at once,
 * whichever instance it happened on; what a user wrote reaches only the agent who holds
 * the conversation, supervisors, and everyone while it waits for an agent. Connected
 * agents are recorded as online (business hours aside, users are told when nobody is).
 */
@RestController
class AgentEventStream {

	private static final Logger log = LoggerFactory.getLogger(AgentEventStream.class);

	private static final Duration LEASE = Duration.ofSeconds(45);

	/** One agent may have the console open in a few tabs. */
	private static final int STREAMS_PER_AGENT = 5;

	private static final int MAX_STREAMS = 1000;

	private final EventHub<Agent> hub;

	private final RedisHandoffs store;

	private final Clock clock;

	AgentEventStream(RedisAgentEvents events, RedisHandoffs store, Clock clock, EventHubs hubs) {
		this.store = store;
		this.clock = clock;
		this.hub = hubs.create("agent", STREAMS_PER_AGENT, MAX_STREAMS);
		events.subscribe(this::broadcast);
	}

	@GetMapping(path = "/api/agent/events", produces = "text/event-stream")
	SseEmitter events(@AuthenticationPrincipal Agent agent) {
		SseEmitter emitter = this.hub.open(agent);
		this.hub.send(agent, "hello", Map.of("agent", agent.name()));
		this.store.online(Set.of(agent.name()), this.clock.millis() + LEASE.toMillis());
		this.store.touch(agent.name(), this.clock.millis()); // opening the console is
																// using it
		return emitter;
	}

	private void broadcast(AgentEvent event) {
		AgentEvent withoutText = new AgentEvent(event.type(), event.handoffId(), event.channel(), event.agent(), null,
				event.at());
		this.hub.broadcast(event.type(), (agent) -> mayRead(agent, event) ? event : withoutText);
	}

	private static boolean mayRead(Agent agent, AgentEvent event) {
		return event.text() == null || event.agent() == null || agent.supervisor()
				|| agent.name().equals(event.agent());
	}

	/** Keeps the connected agents' online lease fresh. */
	@Scheduled(fixedDelay = 15_000)
	void renewOnline() {
		Set<String> agents = this.hub.keys().stream().map(Agent::name).collect(Collectors.toSet());
		if (agents.isEmpty()) {
			return;
		}
		try {
			this.store.online(agents, this.clock.millis() + LEASE.toMillis());
		}
		catch (RuntimeException ex) {
			log.warn("Could not record online agents: {}", ex.getMessage());
		}
	}

	/**
	 * Open streams would hold up a graceful shutdown: end them first, clients reconnect
	 * elsewhere.
	 */
	@EventListener(ContextClosedEvent.class)
	void closeStreams() {
		this.hub.close();
	}

}
