package com.careerconcierge.support.web;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what one HTTP request may carry, and who may say where it came from.
 *
 * @param maxBodySize the largest body on every endpoint that declares no
 * {@link BodyLimit} of its own: the web chat and the agent API, whose messages are at
 * most 2,000 characters
 * @param bodyReadTimeout how long reading one body may take in all; a body that trickles
 * in slower is answered 408, so slow senders cannot hold the server's threads
 * @param maxBodiesPerAddress bodies one client address may be sending at once (webhooks
 * of messaging platforms excepted); more are answered 429 before they are read
 * @param trustedProxies addresses of reverse proxies whose {@code X-Forwarded-For} names
 * the client ({@code TRUSTED_PROXIES}); without any, the connection's own address is the
 * client's
 */
@Validated
@ConfigurationProperties("concierge.http")
public record HttpProperties(@DefaultValue("64KB") @NotNull DataSize maxBodySize,
		@DefaultValue("10s") @NotNull Duration bodyReadTimeout, @DefaultValue("16") @Min(1) int maxBodiesPerAddress,
		@DefaultValue( {
		}) List<String> trustedProxies){

	public HttpProperties {
		if (maxBodySize != null && maxBodySize.toBytes() <= 0) {
			throw new IllegalArgumentException("concierge.http.max-body-size must be more than 0 bytes");
		}
		trustedProxies = trustedProxies.stream().map(String::strip).filter((proxy) -> !proxy.isEmpty()).toList();
	}

}
