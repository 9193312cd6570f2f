package com.careerconcierge.support;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what one HTTP request may carry. A body over its limit is answered 413 and
 * never processed.
 *
 * @param maxBodySize the largest body on every endpoint not named below: the web chat and
 * the agent API, whose messages are at most 2,000 characters
 * @param maxTelegramBodySize the largest body on {@code /telegram/webhook}: one update,
 * whose text (4,096 characters, which Telegram escapes to six bytes each outside ASCII)
 * can come with the message it replies to and their entities
 * @param maxLineBodySize the largest body on {@code /line/webhook}: LINE batches events
 * of up to 5,000 characters each in one call and documents no limit, and a refused call
 * loses every event in it
 */
@Validated
@ConfigurationProperties("concierge.http")
public record HttpProperties(@DefaultValue("64KB") @NotNull DataSize maxBodySize,
		@DefaultValue("256KB") @NotNull DataSize maxTelegramBodySize,
		@DefaultValue("1MB") @NotNull DataSize maxLineBodySize) {

	public HttpProperties {
		requirePositive("concierge.http.max-body-size", maxBodySize);
		requirePositive("concierge.http.max-telegram-body-size", maxTelegramBodySize);
		requirePositive("concierge.http.max-line-body-size", maxLineBodySize);
	}

	private static void requirePositive(String name, DataSize size) {
		if (size != null && size.toBytes() <= 0) {
			throw new IllegalArgumentException(name + " must be more than 0 bytes, not " + size);
		}
	}

}
