package com.careerconcierge.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

import com.careerconcierge.support.WebChat;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Web-chat event streams whose client went away are released (the heartbeat finds them),
 * and one chat keeps at most three open: a fourth ends the oldest.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "concierge.streams.heartbeat=200ms")
class EventStreamReleaseTest {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Test
	void streamsOfClientsThatWentAwayAreReleased() throws Exception {
		int before = open();
		List<Socket> sockets = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			WebChat chat = new WebChat(this.port);
			chat.open();
			sockets.add(stream(chat.sessionId()));
		}
		assertThat(open()).isEqualTo(before + 30);
		for (Socket socket : sockets) {
			socket.close();
		}
		awaitValue(this::open, before, Duration.ofSeconds(10));
		WebChat chat = new WebChat(this.port);
		assertThat(chat.open()).isNotEmpty();
	}

	@Test
	void aChatKeepsAtMostThreeStreamsAndTheOldestGoFirst() throws Exception {
		WebChat chat = new WebChat(this.port);
		chat.open();
		int before = open();
		List<Socket> sockets = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			sockets.add(stream(chat.sessionId()));
		}
		awaitValue(this::open, before + 3, Duration.ofSeconds(5));
		assertThat(ended(sockets.get(0))).isTrue();
		assertThat(ended(sockets.get(1))).isTrue();
		assertThat(ended(sockets.get(4))).isFalse();
		for (Socket socket : sockets) {
			socket.close();
		}
	}

	private int open() {
		return (int) this.meters.get("concierge.streams.open").tag("hub", "web-chat").gauge().value();
	}

	/** Opens a stream and reads up to its first event, so it is surely open. */
	private Socket stream(String sessionId) throws IOException {
		Socket socket = new Socket("127.0.0.1", this.port);
		socket.setSoTimeout(5000);
		socket.getOutputStream()
			.write(("GET /api/chat/sessions/" + sessionId + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Accept: text/event-stream\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
		InputStream in = socket.getInputStream();
		StringBuilder seen = new StringBuilder();
		while (!seen.toString().contains(":connected")) {
			int c = in.read();
			if (c < 0) {
				throw new IOException("stream closed before it opened: " + seen);
			}
			seen.append((char) c);
		}
		return socket;
	}

	/** Whether the server ended the stream (its last chunk, or the connection closed). */
	private static boolean ended(Socket socket) throws IOException {
		// an open stream keeps sending heartbeats: watch it for a second
		socket.setSoTimeout(300);
		InputStream in = socket.getInputStream();
		StringBuilder rest = new StringBuilder();
		long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
		while (System.nanoTime() < deadline) {
			try {
				int c = in.read();
				if (c < 0) {
					return true;
				}
				rest.append((char) c);
				if (rest.toString().endsWith("\r\n0\r\n\r\n")) {
					return true;
				}
			}
			catch (java.net.SocketTimeoutException quiet) {
				// nothing this moment
			}
		}
		return false;
	}

	private static void awaitValue(IntSupplier value, int expected, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (value.getAsInt() != expected && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		assertThat(value.getAsInt()).isEqualTo(expected);
	}

}
