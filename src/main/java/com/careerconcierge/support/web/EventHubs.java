package com.careerconcierge.support.web;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.TaskScheduler;

/**
 * Makes the {@link EventHub}s that modules keep their streams in, with the shared
 * heartbeat and lifetime.
 */
public class EventHubs {

	private final Settings settings;

	private final TaskScheduler scheduler;

	private final MeterRegistry meters;

	public EventHubs(Settings settings, TaskScheduler scheduler, MeterRegistry meters) {
		this.settings = settings;
		this.scheduler = scheduler;
		this.meters = meters;
	}

	/**
	 * A new hub.
	 * @param <K> the key type
	 * @param name for logs and metrics
	 * @param maxPerKey streams one key may keep open
	 * @param maxStreams streams the hub keeps open in all
	 * @return the hub; close it on shutdown
	 */
	public <K> EventHub<K> create(String name, int maxPerKey, int maxStreams) {
		return new EventHub<>(name,
				new EventHub.Settings(this.settings.heartbeat(), maxPerKey, maxStreams, this.settings.lifetime()),
				this.scheduler, this.meters);
	}

	/**
	 * Settings shared by every hub.
	 *
	 * @param heartbeat how often each stream gets a comment line; a stream whose client
	 * is gone is released on the next one that fails
	 * @param lifetime after how long a stream ends (the page reconnects)
	 */
	@ConfigurationProperties("concierge.streams")
	public record Settings(@DefaultValue("15s") Duration heartbeat, @DefaultValue("30m") Duration lifetime) {
	}

}
