package com.careerconcierge.support.limits;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Provides the {@link RateLimits} that modules take their limiters from.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimits.Settings.class)
class LimitsConfiguration {

	@Bean
	RateLimits rateLimits(RateLimits.Settings settings, MeterRegistry meters) {
		return new RateLimits(settings, meters);
	}

}
