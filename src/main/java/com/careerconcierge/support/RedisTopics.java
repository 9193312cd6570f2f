package com.careerconcierge.support;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.lang.Nullable;

/**
 * Publishes to a Redis pub/sub channel. On a single Redis (or Sentinel) with
 * {@code PUBLISH}; on a Redis Cluster with sharded pub/sub ({@code SPUBLISH}, Redis 7,
 * routed by the client to the master that owns the channel's slot, like a key): the
 * message reaches the one shard where {@link ShardedSubscriptions} listens, instead of
 * being broadcast over the cluster bus to every node.
 */
public class RedisTopics implements AutoCloseable {

	private final StringRedisTemplate redis;

	@Nullable
	private final RedisClusterClient cluster;

	private volatile StatefulRedisClusterConnection<String, String> connection;

	public RedisTopics(StringRedisTemplate redis, @Nullable RedisClusterClient cluster) {
		this.redis = redis;
		this.cluster = cluster;
	}

	/**
	 * Publishes a message.
	 * @param topic the channel
	 * @param message the message
	 */
	public void publish(String topic, String message) {
		if (this.cluster == null) {
			this.redis.convertAndSend(topic, message);
			return;
		}
		clusterConnection().sync().spublish(topic, message);
	}

	private StatefulRedisClusterConnection<String, String> clusterConnection() {
		StatefulRedisClusterConnection<String, String> current = this.connection;
		if (current == null) {
			synchronized (this) {
				current = this.connection;
				if (current == null) {
					current = this.cluster.connect();
					this.connection = current;
				}
			}
		}
		return current;
	}

	@Override
	public void close() {
		StatefulRedisClusterConnection<String, String> current = this.connection;
		if (current != null) {
			current.close();
		}
	}

}
