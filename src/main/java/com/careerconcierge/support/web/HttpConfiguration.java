package com.careerconcierge.support.web;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.catalina.valves.RemoteIpValve;
import org.apache.coyote.ContinueResponseTiming;
import org.apache.coyote.http11.AbstractHttp11Protocol;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.scheduling.TaskScheduler;

/**
 * What every HTTP request goes through before any module sees it: the body guard, and the
 * client's address as trusted proxies report it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ HttpProperties.class, EventHubs.Settings.class })
class HttpConfiguration {

	/**
	 * After the character encoding and observation filters, which do not read the body
	 * (so a refusal is measured like any answer), and before everything that may: the
	 * form-content filter, Spring Security, the controllers.
	 */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	@Bean
	EventHubs eventHubs(EventHubs.Settings settings, TaskScheduler scheduler, MeterRegistry meters) {
		return new EventHubs(settings, scheduler, meters);
	}

	@Bean
	FilterRegistrationBean<RequestBodyGuard> requestBodyGuard(HttpProperties properties, List<BodyLimit> limits) {
		FilterRegistrationBean<RequestBodyGuard> registration = new FilterRegistrationBean<>(
				new RequestBodyGuard(properties, limits));
		registration.addUrlPatterns("/*");
		registration.setOrder(ORDER);
		return registration;
	}

	/**
	 * Tomcat answers {@code Expect: 100-continue} as soon as it has read the headers, so
	 * a client sends even a body the guard refuses unread. Answered when the body is
	 * first read instead, a refused body is never sent.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> continueOnRead() {
		return (factory) -> factory.addConnectorCustomizers((connector) -> {
			if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
				http.setContinueResponseTiming(ContinueResponseTiming.ON_REQUEST_BODY_READ.toString());
			}
		});
	}

	/**
	 * Behind the configured proxies only, the client's address comes from
	 * {@code X-Forwarded-For} (Tomcat's {@link RemoteIpValve}); from anyone else the
	 * header is ignored, so it cannot be used to dodge a per-address limit.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> trustedProxies(HttpProperties properties) {
		return (factory) -> {
			if (properties.trustedProxies().isEmpty()) {
				return;
			}
			RemoteIpValve valve = new RemoteIpValve();
			valve.setInternalProxies(properties.trustedProxies()
				.stream()
				.map(Pattern::quote)
				.collect(Collectors.joining("|", "^(?:", ")$")));
			valve.setRemoteIpHeader("X-Forwarded-For");
			valve.setProtocolHeader("X-Forwarded-Proto");
			factory.addEngineValves(valve);
		};
	}

}
