package com.careerconcierge.security;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.careerconcierge.support.RawHttp;
import com.careerconcierge.support.WebChat;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies that trickle in (one byte every 300 ms on a declared 2,000-byte body) cannot tie
 * up the server: past a few at once from one address they are refused at once (429), and
 * the rest are cut off once their time is up (408), while health and other users are
 * answered throughout. The server here has eight worker threads, fewer than the slow
 * senders.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.tomcat.threads.max=8", "concierge.http.max-bodies-per-address=3",
				"concierge.http.body-read-timeout=2s" })
class SlowBodyTest {

	private static final int SENDERS = 12;

	@LocalServerPort
	int port;

	@Test
	void slowSendersAreRefusedOrCutOffAndEveryoneElseIsAnswered() throws Exception {
		WebChat chat = new WebChat(this.port);
		chat.open();
		String path = "/api/chat/sessions/" + chat.sessionId() + "/messages";
		ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
		List<Future<Integer>> statuses = new ArrayList<>();
		for (int i = 0; i < SENDERS; i++) {
			statuses.add(senders.submit(() -> trickle(path)));
		}
		Thread.sleep(800);
		for (int i = 0; i < 4; i++) {
			long start = System.nanoTime();
			RawHttp.Answer health = new RawHttp(this.port).get("/actuator/health");
			assertThat(health.status()).isEqualTo(200);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
			Thread.sleep(500);
		}
		List<Integer> answers = new ArrayList<>();
		for (Future<Integer> status : statuses) {
			answers.add(status.get(20, TimeUnit.SECONDS));
		}
		senders.shutdownNow();
		assertThat(answers).containsOnly(408, 429).contains(408, 429);
		assertThat(chat.say("相談を始める")).isNotEmpty();
	}

	/** Sends a body one byte at a time and returns the status the server answered. */
	private int trickle(String path) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(15_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
					+ "Content-Length: 2000\r\nConnection: close\r\n\r\n{\"text\":\"")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			for (int i = 0; i < 1990; i++) {
				if (in.available() > 0) {
					break;
				}
				try {
					out.write('a');
					out.flush();
				}
				catch (java.io.IOException closed) {
					break; // the server answered and closed
				}
				Thread.sleep(300);
			}
			byte[] status = in.readNBytes(12);
			return Integer.parseInt(new String(status, StandardCharsets.US_ASCII).substring(9, 12));
		}
	}

}
