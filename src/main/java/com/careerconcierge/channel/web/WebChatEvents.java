package com.careerconcierge.channel.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.careerconcierge.consultation.ChannelDelivery;
import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.consultation.Reply;
import com.careerconcierge.handoff.RedisPubSubListener;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.lang.Nullable;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Messages that reach a web-chat user later than their own request (an agent's reply):
 * published on Redis pub/sub, so that the instance holding the user's event stream sends
 * them, whichever instance the agent used.
 */
@Configuration(proxyBeanMethods = false)
class WebChatEvents implements ChannelDelivery, MessageListener {

	static final String TOPIC = "cc:web-chat";

	private static final Logger log = LoggerFactory.getLogger(WebChatEvents.class);

	private final Map<String, Set<SseEmitter>> streams = new ConcurrentHashMap<>();

	private final StringRedisTemplate redis;

	private final ObjectMapper json;

	WebChatEvents(StringRedisTemplate redis, ObjectMapper json) {
		this.redis = redis;
		this.json = json;
	}

	@Bean
	RedisPubSubListener webChatListener() {
		return new RedisPubSubListener(TOPIC, this);
	}

	@Override
	public String channel() {
		return WebChatController.CHANNEL;
	}

	@Override
	public void deliver(ConversationKey conversation, List<Reply> replies, @Nullable String agent) {
		try {
			this.redis.convertAndSend(TOPIC,
					this.json.writeValueAsString(new Delivery(conversation.userId(), replies, agent)));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	SseEmitter open(String sessionId) {
		SseEmitter emitter = new SseEmitter(0L);
		Set<SseEmitter> emitters = this.streams.computeIfAbsent(sessionId, (id) -> ConcurrentHashMap.newKeySet());
		emitters.add(emitter);
		Runnable remove = () -> {
			emitters.remove(emitter);
			this.streams.computeIfPresent(sessionId, (id, set) -> set.isEmpty() ? null : set);
		};
		emitter.onCompletion(remove);
		emitter.onTimeout(remove);
		emitter.onError((ex) -> remove.run());
		try {
			emitter.send(SseEmitter.event().comment("connected"));
		}
		catch (IOException ex) {
			remove.run();
		}
		return emitter;
	}

	/**
	 * Open streams would hold up a graceful shutdown: end them first, the page
	 * reconnects.
	 */
	@EventListener(ContextClosedEvent.class)
	void closeStreams() {
		this.streams.values().forEach((emitters) -> emitters.forEach(SseEmitter::complete));
		this.streams.clear();
	}

	@Override
	public void onMessage(Message message, byte[] pattern) {
		Delivery delivery;
		try {
			delivery = this.json.readValue(message.getBody(), Delivery.class);
		}
		catch (IOException ex) {
			log.warn("Dropped an unreadable web-chat delivery: {}", ex.getMessage());
			return;
		}
		Set<SseEmitter> emitters = this.streams.get(delivery.sessionId());
		if (emitters == null) {
			return;
		}
		Map<String, Object> data = new java.util.LinkedHashMap<>();
		data.put("messages", delivery.messages());
		data.put("from", (delivery.agent() != null) ? "agent" : "bot");
		if (delivery.agent() != null) {
			data.put("agent", delivery.agent());
		}
		for (SseEmitter emitter : emitters) {
			try {
				emitter.send(SseEmitter.event().name("message").data(data, MediaType.APPLICATION_JSON));
			}
			catch (IOException | IllegalStateException ex) {
				emitters.remove(emitter);
			}
		}
	}

	record Delivery(String sessionId, List<Reply> messages, String agent) {
	}

}
