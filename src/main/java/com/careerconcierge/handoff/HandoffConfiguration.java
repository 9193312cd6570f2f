package com.careerconcierge.handoff;

import java.time.Clock;
import java.util.List;

import com.careerconcierge.consultation.Funnel;
import com.careerconcierge.consultation.AgentSide;
import com.careerconcierge.handoff.internal.BusinessHours;
import com.careerconcierge.handoff.internal.RedisAgentEvents;
import com.careerconcierge.handoff.internal.RedisHandoffs;
import com.careerconcierge.support.RedisPubSubListener;
import com.careerconcierge.support.RedisTopics;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Wires the handoff: its Redis store, the agent events' pub/sub and the follow-up.
 */
@Configuration(proxyBeanMethods = false)
class HandoffConfiguration {

	@Bean
	RedisHandoffs redisHandoffs(StringRedisTemplate redis, ObjectMapper json, HandoffProperties properties) {
		return new RedisHandoffs(redis, json, properties);
	}

	@Bean
	AgentAccounts agentAccounts(StringRedisTemplate redis, ObjectMapper json, PasswordEncoder passwords,
			HandoffProperties properties) {
		return new AgentAccounts(redis, json, passwords, properties);
	}

	@Bean
	CannedReplies cannedReplies(StringRedisTemplate redis) {
		return new CannedReplies(redis);
	}

	@Bean
	RedisAgentEvents redisAgentEvents(RedisTopics redis, ObjectMapper json, Clock clock) {
		return new RedisAgentEvents(redis, json, clock);
	}

	@Bean
	BusinessHours businessHours(HandoffProperties properties) {
		return new BusinessHours(properties);
	}

	@Bean
	WaitEstimates waitEstimates(RedisHandoffs store, AgentAccounts accounts, HandoffProperties properties,
			Clock clock) {
		return new WaitEstimates(store, accounts, properties, clock);
	}

	@Bean
	HandoffDesk handoffDesk(RedisHandoffs store, RedisAgentEvents events, BusinessHours hours, WaitEstimates estimates,
			Clock clock) {
		return new HandoffDesk(store, events, hours, estimates, clock);
	}

	@Bean
	Assignments assignments(RedisHandoffs store, AgentAccounts accounts, RedisAgentEvents events,
			AgentSide consultation, HandoffProperties properties, WaitEstimates estimates, Clock clock) {
		return new Assignments(store, accounts, events, consultation, properties, estimates, clock);
	}

	@Bean
	Handoffs handoffs(RedisHandoffs store, RedisAgentEvents events, AgentSide consultation,
			HandoffProperties properties, Funnel funnel, ObjectMapper json, Clock clock) {
		return new Handoffs(store, events, consultation, properties, funnel, json, clock);
	}

	@Bean
	RedisPubSubListener agentEventsListener(RedisAgentEvents events) {
		return new RedisPubSubListener(RedisAgentEvents.TOPIC, events);
	}

}
