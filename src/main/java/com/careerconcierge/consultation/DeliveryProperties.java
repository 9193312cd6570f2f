package com.careerconcierge.consultation;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the outbox delivers what turns said.
 *
 * @param deadline how long a message may take to be delivered; past it, it is parked in
 * the dead letters agents see
 * @param lanes how many conversations are delivered to at once per instance
 * @param lease how long an instance may go without progress on a conversation before
 * another one may take it over
 * @param recoverAfter how soon after a commit another instance (or this one after a
 * restart) looks at a conversation whose messages are still not delivered
 * @param sweepEvery how often the index of undelivered conversations is checked
 * @param firstRetry the first pause after a failed call without {@code retry_after}
 * @param maxRetryPause the longest pause between attempts
 * @param history how many delivered messages a conversation keeps for the web chat's
 * history
 * @param deadLetters how many parked messages are kept
 */
@Validated
@ConfigurationProperties("concierge.delivery")
public record DeliveryProperties(@DefaultValue("10m") @NotNull Duration deadline, @DefaultValue("32") @Min(1) int lanes,
		@DefaultValue("10s") @NotNull Duration lease, @DefaultValue("3s") @NotNull Duration recoverAfter,
		@DefaultValue("1s") @NotNull Duration sweepEvery, @DefaultValue("500ms") @NotNull Duration firstRetry,
		@DefaultValue("60s") @NotNull Duration maxRetryPause, @DefaultValue("200") @Min(0) int history,
		@DefaultValue("1000") @Min(1) int deadLetters) {

}
