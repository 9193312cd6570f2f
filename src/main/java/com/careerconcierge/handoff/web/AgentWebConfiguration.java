package com.careerconcierge.handoff.web;

import com.careerconcierge.handoff.HandoffProperties;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts the bearer-token check in front of the agent API.
 */
@Configuration(proxyBeanMethods = false)
class AgentWebConfiguration {

	@Bean
	AgentTokens agentTokens(HandoffProperties properties) {
		return new AgentTokens(properties.agentTokens());
	}

	@Bean
	FilterRegistrationBean<AgentAuthFilter> agentAuthFilter(AgentTokens tokens) {
		FilterRegistrationBean<AgentAuthFilter> registration = new FilterRegistrationBean<>(
				new AgentAuthFilter(tokens));
		registration.addUrlPatterns("/api/agent/*", "/api/agent");
		return registration;
	}

}
