package com.careerconcierge.handoff.internal;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.handoff.AgentEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.careerconcierge.support.RedisTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;

/**
 * Agent events over Redis pub/sub: published by whichever instance saw them happen,
 * received by every instance and handed to its local listeners (the agents' event
 * streams).
 */
public class RedisAgentEvents implements MessageListener {

	/** The pub/sub channel. */
	public static final String TOPIC = "cc:agent-events";

	private static final Logger log = LoggerFactory.getLogger(RedisAgentEvents.class);

	private final RedisTopics redis;

	private final ObjectMapper json;

	private final List<Consumer<AgentEvent>> listeners = new CopyOnWriteArrayList<>();

	private final Clock clock;

	public RedisAgentEvents(RedisTopics redis, ObjectMapper json, Clock clock) {
		this.redis = redis;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Tells every agent on every instance.
	 * @param type the event's type
	 * @param handoffId the handoff
	 * @param conversation the user
	 * @param agent the agent involved, if any
	 * @param text the words, for message events
	 */
	public void publish(String type, String handoffId, ConversationKey conversation, String agent, String text) {
		publish(new AgentEvent(type, handoffId, conversation.channel(), agent, text, this.clock.millis()));
	}

	public void publish(AgentEvent event) {
		try {
			this.redis.publish(TOPIC, this.json.writeValueAsString(event));
		}
		catch (Exception ex) {
			// Agents still see the change on their next list; the user's conversation is
			// not affected.
			log.warn("Could not publish agent event {}: {}", event.type(), ex.getMessage());
		}
	}

	public void subscribe(Consumer<AgentEvent> listener) {
		this.listeners.add(listener);
	}

	@Override
	public void onMessage(Message message, byte[] pattern) {
		try {
			AgentEvent event = this.json.readValue(message.getBody(), AgentEvent.class);
			this.listeners.forEach((listener) -> listener.accept(event));
		}
		catch (Exception ex) {
			log.warn("Dropped an unreadable agent event: {}", ex.getMessage());
		}
	}

}
