package com.careerconcierge.handoff;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the human handoff.
 *
 * @param agentTokens agents and their bearer tokens, {@code name:token,name:token}
 * ({@code AGENT_TOKENS}); when blank, one token is generated and printed at start-up
 * @param zone the time zone of the business hours
 * @param days the days agents work
 * @param opens when the human queue opens on those days
 * @param closes when it closes
 * @param holidays dates on which nobody works
 * @param followUpAfter how long a handoff may wait unclaimed before the user gets a
 * follow-up
 * @param retention how long handoff records are kept
 */
@Validated
@ConfigurationProperties("concierge.handoff")
public record HandoffProperties(String agentTokens, @DefaultValue("Asia/Tokyo") ZoneId zone, @DefaultValue( {
		"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY" }) Set<DayOfWeek> days,
		@DefaultValue("09:00") LocalTime opens, @DefaultValue("18:00") LocalTime closes,
		@DefaultValue({}) List<LocalDate> holidays, @DefaultValue("10m") Duration followUpAfter,
		@DefaultValue("30d") Duration retention){
}
