package com.careerconcierge.support;

import java.util.List;
import java.util.concurrent.Executors;

import io.lettuce.core.ClientOptions.DisconnectedBehavior;

import org.springframework.boot.autoconfigure.data.redis.LettuceClientOptionsBuilderCustomizer;
import io.lettuce.core.cluster.RedisClusterClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
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
public class RedisClientConfiguration {

	@Bean
	RedisTopics redisTopics(StringRedisTemplate redis, RedisConnectionFactory connectionFactory) {
		return new RedisTopics(redis, isCluster(connectionFactory)
				? (RedisClusterClient) ((LettuceConnectionFactory) connectionFactory).getRequiredNativeClient() : null);
	}

	/**
	 * On a Redis Cluster: sharded subscriptions, one shard per channel.
	 * @param connectionFactory the connection factory
	 * @param listeners every listener
	 * @return the subscriptions
	 */
	@Bean
	@Conditional(OnCluster.class)
	ShardedSubscriptions shardedSubscriptions(LettuceConnectionFactory connectionFactory,
			List<RedisPubSubListener> listeners) {
		return new ShardedSubscriptions((RedisClusterClient) connectionFactory.getRequiredNativeClient(), listeners);
	}

	/**
	 * On a single Redis or Sentinel: Spring Data Redis's listener container.
	 * @param connectionFactory the connection factory
	 * @param listeners every listener
	 * @return the container
	 */
	@Bean
	@Conditional(NotOnCluster.class)
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
	 * Whether the connection factory talks to a Redis Cluster (keys of different slots
	 * cannot meet in one script).
	 */
	public static boolean isCluster(RedisConnectionFactory connectionFactory) {
		return connectionFactory instanceof LettuceConnectionFactory lettuce && lettuce.isClusterAware();
	}

	/** Whether Spring Data Redis is configured for a cluster. */
	static class OnCluster implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return context.getEnvironment().containsProperty("spring.data.redis.cluster.nodes");
		}

	}

	static class NotOnCluster implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !new OnCluster().matches(context, metadata);
		}

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
