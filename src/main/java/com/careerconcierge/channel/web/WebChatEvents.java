package com.careerconcierge.channel.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.careerconcierge.consultation.Attempt;
import com.careerconcierge.consultation.ChannelDelivery;
import com.careerconcierge.consultation.Outgoing;
import com.careerconcierge.consultation.Reply;
import com.careerconcierge.support.RedisPubSubListener;
import com.careerconcierge.support.RedisTopics;
import com.careerconcierge.support.security.PublicPaths;
import com.careerconcierge.support.web.EventHub;
import com.careerconcierge.support.web.EventHubs;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.lang.Nullable;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Messages that reach a web-chat user later than their own request (an agent's reply), as
 * the outbox delivers them: published on Redis pub/sub, so that the instance holding the
 * user's event stream sends them, whichever instance the agent used. Each event carries
 * the message's outbox id, so a page that reconnects with {@code Last-Event-ID}, or reads
 * the history, misses nothing and shows nothing twice. A session may keep a few streams
 * open (tabs); dropped ones are released by the hub's heartbeat.
 */
@Configuration(proxyBeanMethods = false)
class WebChatEvents implements ChannelDelivery, MessageListener {

	static final String TOPIC = "cc:web-chat";

	/** Tabs one chat may have open at once; a further one ends the oldest stream. */
	private static final int STREAMS_PER_SESSION = 3;

	private static final int MAX_STREAMS = 4000;

	private static final Logger log = LoggerFactory.getLogger(WebChatEvents.class);

	private final EventHub<String> hub;

	private final RedisTopics redis;

	private final ObjectMapper json;

	WebChatEvents(RedisTopics redis, ObjectMapper json, EventHubs hubs) {
		this.redis = redis;
		this.json = json;
		this.hub = hubs.create("web-chat", STREAMS_PER_SESSION, MAX_STREAMS);
	}

	@Bean
	RedisPubSubListener webChatListener() {
		return new RedisPubSubListener(TOPIC, this);
	}

	@Bean
	PublicPaths webChatPaths() {
		return PublicPaths.of("/", "/index.html", "/chat.js", "/chat.css", "/event-stream.js", "/api/chat/**");
	}

	@Override
	public String channel() {
		return WebChatController.CHANNEL;
	}

	/** The answer to the user's own message is the response to their request. */
	@Override
	public boolean answersInResponse() {
		return true;
	}

	@Override
	public int parts(Outgoing message) {
		return 1;
	}

	/**
	 * Tells whichever instance holds the chat's streams; a page that is closed meanwhile
	 * reads the message from the history when it opens.
	 */
	@Override
	public Attempt send(Outgoing message, int part) {
		try {
			this.redis.publish(TOPIC, this.json.writeValueAsString(
					new Delivery(message.conversation().userId(), message.id(), message.replies(), message.agent())));
			return Attempt.delivered();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Opens a stream; a reconnecting page's {@code Last-Event-ID} gets what it missed.
	 * @param sessionId the chat
	 * @param missed the messages after the page's last event id (none for a new page)
	 * @return the stream
	 */
	SseEmitter open(String sessionId, List<Outgoing> missed) {
		SseEmitter emitter = this.hub.open(sessionId);
		for (Outgoing message : missed) {
			this.hub.send(sessionId, "message", String.valueOf(message.id()),
					event(message.id(), message.replies(), message.agent()));
		}
		return emitter;
	}

	static Map<String, Object> event(long id, List<Reply> messages, @Nullable String agent) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("id", id);
		data.put("messages", messages);
		data.put("from", (agent != null) ? "agent" : "bot");
		if (agent != null) {
			data.put("agent", agent);
		}
		return data;
	}

	/**
	 * Open streams would hold up a graceful shutdown: end them first, the page
	 * reconnects.
	 */
	@EventListener(ContextClosedEvent.class)
	void closeStreams() {
		this.hub.close();
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
		this.hub.send(delivery.sessionId(), "message", String.valueOf(delivery.id()),
				event(delivery.id(), delivery.messages(), delivery.agent()));
	}

	record Delivery(String sessionId, long id, List<Reply> messages, String agent) {
	}

}
