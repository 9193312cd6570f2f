package com.careerconcierge.consultation;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the consultation.
 *
 * @param agencyName the agency's name shown to users ({@code AGENCY_NAME})
 * @param sessionTtl how long a silent user's session, profile and transcript are kept
 * @param transcriptLimit how many turns of a transcript are kept (older ones are dropped)
 * @param maxTextLength the longest message accepted, in characters
 * @param lockLease how long one message may hold a user's lock before another may take it
 * @param lockWait how long a message waits for the user's lock before the answer is
 * "busy"
 * @param dedupTtl how long a platform event id is remembered, so a redelivery is ignored
 * @param maxConcurrentMessages how many messages are worked on at once (the dialogue and
 * the write, once the user's lock is held); 0 means eight per available processor
 */
@Validated
@ConfigurationProperties("concierge.consultation")
public record ConsultationProperties(@DefaultValue(DEFAULT_AGENCY) String agencyName,
		@DefaultValue("30d") @NotNull Duration sessionTtl, @DefaultValue("200") @Min(10) int transcriptLimit,
		@DefaultValue("2000") @Min(1) int maxTextLength, @DefaultValue("10s") @NotNull Duration lockLease,
		@DefaultValue("3s") @NotNull Duration lockWait, @DefaultValue("48h") @NotNull Duration dedupTtl,
		@DefaultValue("0") @Min(0) int maxConcurrentMessages) {

	/** The name shown when {@code AGENCY_NAME} is unset or blank. */
	public static final String DEFAULT_AGENCY = "キャリアコンシェルジュ";

	public ConsultationProperties {
		// docker compose passes unset variables as empty strings
		agencyName = (agencyName == null || agencyName.isBlank()) ? DEFAULT_AGENCY : agencyName.strip();
		if (maxConcurrentMessages == 0) {
			maxConcurrentMessages = 8 * Runtime.getRuntime().availableProcessors();
		}
	}

}
