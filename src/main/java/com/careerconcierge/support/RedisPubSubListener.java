package com.careerconcierge.support;

import org.springframework.data.redis.connection.MessageListener;

/**
 * A listener on one Redis pub/sub channel; every bean of this type is subscribed at
 * start-up.
 *
 * @param topic the channel's name
 * @param listener what receives its messages
 */
public record RedisPubSubListener(String topic, MessageListener listener) {
}
