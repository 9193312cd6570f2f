package com.careerconcierge.support.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * Who may read the operational endpoints.
 *
 * @param metricsToken a bearer token that {@code /actuator/prometheus} accepts on the
 * application's port ({@code METRICS_TOKEN}); without one, metrics are served only on the
 * management port ({@code MANAGEMENT_PORT}), if one is set
 */
@ConfigurationProperties("concierge.security")
public record SecurityProperties(String metricsToken) {

	public SecurityProperties {
		metricsToken = StringUtils.hasText(metricsToken) ? metricsToken.strip() : null;
		if (metricsToken != null && metricsToken.length() < 16) {
			throw new IllegalArgumentException("METRICS_TOKEN must be at least 16 characters");
		}
	}

	@Override
	public String toString() {
		return "SecurityProperties[metricsToken=" + ((this.metricsToken != null) ? "***" : "unset") + "]";
	}

}
