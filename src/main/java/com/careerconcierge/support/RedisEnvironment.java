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
		else {
			properties = Map.of("spring.data.redis.host", "127.0.0.1", "spring.data.redis.port", embeddedPort(),
					"concierge.redis.embedded", true);
		}
		environment.getPropertySources().addFirst(new MapPropertySource("concierge-redis", properties));
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
