package com.careerconcierge.support;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.DefaultMessage;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * On a Redis Cluster, subscribes every {@link RedisPubSubListener} with sharded pub/sub
 * ({@code SSUBSCRIBE}) on the master that owns its channel's slot, and follows the
 * channel when that changes (a failover, a resharding): the client's topology is checked
 * every second and the channel subscribed on its new owner. Messages are handed on one at
 * a time, in the order they came, like the single-Redis listener container does. Pub/sub
 * stays fire-and-forget: what is published while a shard fails over is lost, as on a
 * single Redis while it restarts; every reader catches up by reloading.
 */
public class ShardedSubscriptions implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ShardedSubscriptions.class);

	/** Every this many checks, subscriptions are made again even where nothing moved. */
	private static final int RENEW_EVERY = 10;

	private final RedisClusterClient client;

	private final Map<String, List<MessageListener>> listeners = new LinkedHashMap<>();

	/** Where each channel is subscribed now: the owner's node id. */
	private final Map<String, String> subscribedAt = new ConcurrentHashMap<>();

	private StatefulRedisClusterPubSubConnection<byte[], byte[]> connection;

	private ScheduledExecutorService checker;

	private ExecutorService dispatcher;

	private int checks;

	private volatile boolean running;

	public ShardedSubscriptions(RedisClusterClient client, List<RedisPubSubListener> listeners) {
		this.client = client;
		listeners.forEach(
				(listener) -> this.listeners.computeIfAbsent(listener.topic(), (topic) -> new java.util.ArrayList<>())
					.add(listener.listener()));
	}

	@Override
	public synchronized void start() {
		this.dispatcher = Executors.newSingleThreadExecutor(daemon("redis-sharded-pubsub-"));
		this.connection = this.client.connectPubSub(ByteArrayCodec.INSTANCE);
		this.connection.setNodeMessagePropagation(true);
		this.connection.addListener(new RedisClusterPubSubAdapter<>() {
			@Override
			public void smessage(RedisClusterNode node, byte[] channel, byte[] message) {
				// a node the channel moved away from (a master back as a replica) may
				// still
				// deliver to an old subscription: only the owner's messages count
				String topic = new String(channel, StandardCharsets.UTF_8);
				if (node == null || node.getNodeId().equals(ShardedSubscriptions.this.subscribedAt.get(topic))) {
					hand(channel, message);
				}
			}
		});
		this.checker = Executors.newSingleThreadScheduledExecutor(daemon("redis-sharded-topology-"));
		this.running = true;
		check();
		this.checker.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
	}

	/** Subscribes each channel on the master that owns its slot now. */
	synchronized void check() {
		if (!this.running) {
			return;
		}
		boolean renew = (this.checks++ % RENEW_EVERY) == 0;
		for (String topic : this.listeners.keySet()) {
			try {
				byte[] channel = topic.getBytes(StandardCharsets.UTF_8);
				RedisClusterNode owner = this.connection.getPartitions().getMasterBySlot(SlotHash.getSlot(channel));
				if (owner == null) {
					continue;
				}
				String before = this.subscribedAt.get(topic);
				if (!renew && owner.getNodeId().equals(before)) {
					continue;
				}
				StatefulRedisPubSubConnection<byte[], byte[]> node = this.connection.getConnection(owner.getNodeId());
				this.subscribedAt.put(topic, owner.getNodeId()); // its messages count
																	// from now
				node.sync().ssubscribe(channel);
				if (before != null && !before.equals(owner.getNodeId())) {
					log.info("Pub/sub channel {} follows its slot to {}", topic, owner.getUri());
					unsubscribe(before, channel);
				}
			}
			catch (RuntimeException ex) {
				this.subscribedAt.remove(topic); // tried again on the next check
				log.warn("Could not subscribe to {} on its shard: {}", topic, ex.toString());
			}
		}
	}

	/** Ends an old subscription, if that node can be reached at all. */
	private void unsubscribe(String nodeId, byte[] channel) {
		try {
			StatefulRedisPubSubConnection<byte[], byte[]> old = this.connection.getConnection(nodeId);
			if (old.isOpen()) {
				old.async().sunsubscribe(channel);
			}
		}
		catch (RuntimeException ex) {
			log.debug("Could not end the old subscription on {}: {}", nodeId, ex.toString());
		}
	}

	private void hand(byte[] channel, byte[] message) {
		String topic = new String(channel, StandardCharsets.UTF_8);
		List<MessageListener> receivers = this.listeners.get(topic);
		if (receivers == null) {
			return;
		}
		DefaultMessage received = new DefaultMessage(channel, message);
		this.dispatcher.execute(() -> receivers.forEach((receiver) -> {
			try {
				receiver.onMessage(received, null);
			}
			catch (RuntimeException ex) {
				log.warn("A listener of {} failed: {}", topic, ex.toString());
			}
		}));
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		if (this.checker != null) {
			this.checker.shutdownNow();
		}
		if (this.connection != null) {
			this.connection.close();
		}
		if (this.dispatcher != null) {
			this.dispatcher.shutdown();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Where each channel is subscribed, by node id (tests). */
	Map<String, String> subscriptions() {
		return Map.copyOf(this.subscribedAt);
	}

	private static CustomizableThreadFactory daemon(String prefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
		threads.setDaemon(true);
		return threads;
	}

}
