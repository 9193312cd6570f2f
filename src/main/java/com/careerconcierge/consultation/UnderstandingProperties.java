package com.careerconcierge.consultation;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the advisors' review loop.
 *
 * @param missedTtl how long a missed message is kept after it was last typed
 * @param maxMissed how many different missed messages are kept (the least recently typed
 * go first)
 * @param maxWordLength the longest word or phrase an advisor may teach as a synonym, in
 * characters
 * @param maxExampleLength the longest example sentence an advisor may teach
 */
@Validated
@ConfigurationProperties("concierge.understanding")
public record UnderstandingProperties(@DefaultValue("30d") @NotNull Duration missedTtl,
		@DefaultValue("500") @Min(1) @Max(10000) int maxMissed, @DefaultValue("60") @Min(2) int maxWordLength,
		@DefaultValue("200") @Min(2) int maxExampleLength) {
}
