package com.careerconcierge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

import redis.embedded.RedisServer;

/**
 * Points Spring Data Redis at {@code REDIS_URL}, or, when it is unset, at an embedded
 * Redis started once for the whole JVM (the local default and the test default).
 * <p>
 * The embedded Redis is a local default only: an instance that looks deployed (Telegram
 * in webhook mode, LINE on, or Redis Sentinel or Cluster configured) and has no
 * {@code REDIS_URL} refuses to start, since each such instance would silently keep a
 * volatile state of its own; {@code CONCIERGE_REDIS_EMBEDDED=true} says it is meant.
 */
public class RedisEnvironment implements EnvironmentPostProcessor {

	private static RedisServer embedded;

	private static int embeddedPort;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String url = environment.getProperty("REDIS_URL");
		Map<String, Object> properties;
		if (StringUtils.hasText(url)) {
			properties = Map.of("spring.data.redis.url", url.trim());
		}
		else if (environment.containsProperty("spring.data.redis.cluster.nodes")
				|| environment.containsProperty("spring.data.redis.sentinel.master")) {
			return; // Spring Data Redis's own settings
		}
		else {
			refuseWhenDeployed(environment);
			properties = Map.of("spring.data.redis.host", "127.0.0.1", "spring.data.redis.port", embeddedPort(),
					"concierge.redis.embedded", true);
		}
		environment.getPropertySources().addFirst(new MapPropertySource("concierge-redis", properties));
	}

	private static void refuseWhenDeployed(ConfigurableEnvironment environment) {
		String explicit = environment.getProperty("concierge.redis.embedded");
		if (StringUtils.hasText(explicit)) {
			if (Boolean.parseBoolean(explicit.strip())) {
				return;
			}
			throw new IllegalStateException("REDIS_URL is not set and CONCIERGE_REDIS_EMBEDDED=false: "
					+ "set REDIS_URL to the Redis that keeps the conversations");
		}
		String why = null;
		if ("webhook".equalsIgnoreCase(environment.getProperty("concierge.telegram.mode", "").strip())) {
			why = "Telegram runs in webhook mode";
		}
		else if (StringUtils.hasText(environment.getProperty("concierge.line.channel-secret"))) {
			why = "the LINE channel is on";
		}
		if (why != null) {
			throw new IllegalStateException("REDIS_URL is not set, but " + why
					+ ", so this looks like a deployed instance: an embedded Redis would keep each instance's "
					+ "conversations to itself and lose them on every restart. Set REDIS_URL (redis://host:6379), "
					+ "or CONCIERGE_REDIS_EMBEDDED=true if an embedded Redis is really meant (a local trial).");
		}
	}

	/**
	 * Starts the embedded server on first use, on a free port, without snapshots.
	 * @return the port it listens on
	 */
	public static synchronized int embeddedPort() {
		if (embedded == null) {
			try {
				int port = freePort();
				RedisServer server = RedisServer.newRedisServer()
					.bind("127.0.0.1")
					.port(port)
					.setting("save \"\"")
					.setting("appendonly no")
					.onShutdownForceStop(true)
					.build();
				server.start();
				embedded = server;
				embeddedPort = port;
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start the embedded Redis", ex);
			}
		}
		return embeddedPort;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}

}
