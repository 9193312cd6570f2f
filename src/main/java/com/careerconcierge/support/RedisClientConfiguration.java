package com.careerconcierge.support;

import java.util.List;
import java.util.concurrent.Executors;

import io.lettuce.core.ClientOptions.DisconnectedBehavior;

import org.springframework.boot.autoconfigure.data.redis.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The Redis client's behaviour, and the pub/sub container that subscribes every
 * {@link RedisPubSubListener} bean.
 * <p>
 * While Redis is unreachable, commands fail at once instead of being queued for replay: a
 * queued lock or write replayed after Redis returns would act for a request that was
 * already answered 503 (and is being redelivered). Lettuce still reconnects by itself.
 */
@Configuration(proxyBeanMethods = false)
class RedisClientConfiguration {

	@Bean
	RedisMessageListenerContainer redisMessageListenerContainer(RedisConnectionFactory connectionFactory,
			List<RedisPubSubListener> listeners) {
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(connectionFactory);
		// One thread hands messages on in the order they were published (the default
		// runs each on a thread of its own): an agent's "joined" comes before their
		// first message.
		CustomizableThreadFactory thread = new CustomizableThreadFactory("redis-pubsub-");
		thread.setDaemon(true);
		container.setTaskExecutor(new ConcurrentTaskExecutor(Executors.newSingleThreadExecutor(thread)));
		listeners.forEach(
				(listener) -> container.addMessageListener(listener.listener(), new ChannelTopic(listener.topic())));
		return container;
	}

	/**
	 * Customises the client options Spring Boot built, rather than replacing them: on a
	 * cluster they are cluster options carrying the topology refresh
	 * ({@code spring.data.redis.lettuce.cluster.refresh.*}), without which the client
	 * keeps sending to a failed master after its replica took over.
	 * @return the customiser
	 */
	@Bean
	LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
		return (builder) -> builder.autoReconnect(true).disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS);
	}

}
