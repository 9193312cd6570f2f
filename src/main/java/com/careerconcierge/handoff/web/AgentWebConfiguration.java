package com.careerconcierge.handoff.web;

import com.careerconcierge.handoff.HandoffProperties;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the bearer-token check in front of the agent API, and serves the agent console at
 * {@code /agent/}.
 */
@Configuration(proxyBeanMethods = false)
class AgentWebConfiguration implements WebMvcConfigurer {

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addRedirectViewController("/agent", "/agent/");
		registry.addViewController("/agent/").setViewName("forward:/agent/index.html");
	}

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
