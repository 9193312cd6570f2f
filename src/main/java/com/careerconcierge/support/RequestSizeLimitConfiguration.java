package com.careerconcierge.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.coyote.ContinueResponseTiming;
import org.apache.coyote.http11.AbstractHttp11Protocol;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts the body size limit in front of every endpoint.
 */
@Configuration(proxyBeanMethods = false)
class RequestSizeLimitConfiguration {

	/**
	 * After the character encoding and observation filters, which do not read the body
	 * (so a 413 is measured like any answer), and before everything that may: the
	 * form-content filter, the agent API's token check, the controllers.
	 */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	@Bean
	FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(HttpProperties limits, ObjectMapper json) {
		FilterRegistrationBean<RequestSizeLimit> registration = new FilterRegistrationBean<>(
				new RequestSizeLimit(limits, json));
		registration.addUrlPatterns("/*");
		registration.setOrder(ORDER);
		return registration;
	}

	/**
	 * Tomcat answers {@code Expect: 100-continue} as soon as it has read the headers, so
	 * a client sends even a body the filter refuses unread. Answered when the body is
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

}
