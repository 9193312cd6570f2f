package com.careerconcierge.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import com.careerconcierge.support.RawHttp;
import com.careerconcierge.support.RawHttp.Answer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code MANAGEMENT_PORT} set, metrics are served there (a port to keep internal),
 * and not on the application's port without {@code METRICS_TOKEN}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ManagementPortTest {

	static final int MANAGEMENT_PORT = freePort();

	@DynamicPropertySource
	static void managementPort(DynamicPropertyRegistry registry) {
		registry.add("management.server.port", () -> MANAGEMENT_PORT);
	}

	@LocalServerPort
	int port;

	@Test
	void metricsAreOnTheManagementPortOnly() {
		Answer internal = new RawHttp(MANAGEMENT_PORT).get("/actuator/prometheus");
		assertThat(internal.status()).isEqualTo(200);
		assertThat(internal.body()).contains("jvm_memory_used_bytes");
		assertThat(new RawHttp(this.port).get("/actuator/prometheus").status()).isIn(401, 404);
		assertThat(new RawHttp(MANAGEMENT_PORT).get("/actuator/health").status()).isEqualTo(200);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
