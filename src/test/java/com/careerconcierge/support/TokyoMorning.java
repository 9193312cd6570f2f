package com.careerconcierge.support;

import java.time.Instant;
import java.time.OffsetDateTime;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The app's clock for booking tests: Wednesday 2 December 2026, 10:00 in Tokyo, movable.
 * Import it with {@code @Import(TokyoMorning.class)}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TokyoMorning {

	public static final Instant WEDNESDAY_TEN = OffsetDateTime.parse("2026-12-02T10:00:00+09:00").toInstant();

	@Bean
	@Primary
	MovableClock movableClock() {
		return new MovableClock(WEDNESDAY_TEN);
	}

}
