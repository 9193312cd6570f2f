package com.careerconcierge.benchmark;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.careerconcierge.CareerConciergeApplication;
import com.sun.net.httpserver.HttpServer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The webhook hot path under load: the app in Telegram webhook mode against a local Bot
 * API double, and wrk playing N users at once (one connection each), every user going
 * through a whole consultation and posting each update only after the answer to the
 * previous one. Prints updates per second, latency percentiles (update posted → answer
 * received, which includes the replies sent to the Bot API before the webhook answers)
 * and Redis bytes per user.
 *
 * <p>
 * Run with
 * {@code ./mvnw -Pbenchmark verify -Dbench.main=com.careerconcierge.benchmark.TelegramBenchmark}
 * (wrk must be installed: {@code apt-get install wrk}); {@code -Dbench.concurrency},
 * {@code -Dbench.seconds} and {@code -Dbench.answerInResponse} change the load and the
 * mode.
 */
public final class TelegramBenchmark {

	private TelegramBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int concurrency = Integer.getInteger("bench.concurrency", 64);
		int seconds = Integer.getInteger("bench.seconds", 20);
		int warmUp = Integer.getInteger("bench.warmupSeconds", 60);
		String answer = System.getProperty("bench.answerInResponse", "");
		boolean answerInResponse = answer.isBlank() || Boolean.parseBoolean(answer);
		HttpServer botApi = botApiDouble();
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CareerConciergeApplication.class).run(
				"--server.port=0", "--logging.level.root=WARN", "--concierge.telegram.bot-token=1:bench",
				"--concierge.telegram.mode=webhook", "--concierge.telegram.webhook-secret=bench-secret",
				"--concierge.telegram.answer-in-webhook-response=" + answerInResponse,
				// Simulated users answer within milliseconds; at one message per second
				// per
				// chat the pace, not the server, would be measured.
				"--concierge.telegram.chat-pace=0",
				"--concierge.telegram.api-url=http://127.0.0.1:" + botApi.getAddress().getPort())) {
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			StringRedisTemplate redis = app.getBean(StringRedisTemplate.class);
			flush(redis);
			Path script = Files.createTempFile("telegram-users", ".lua");
			Files.writeString(script,
					new ClassPathResource("benchmark/telegram-users.lua").getContentAsString(StandardCharsets.UTF_8));
			String url = "http://127.0.0.1:" + port + "/telegram/webhook";
			System.out.printf("warm-up: %d s%n", warmUp);
			System.out.println(wrk(script, url, concurrency, warmUp));
			flush(redis);
			System.out.printf(
					"measuring: %d users at once for %d s, answer in webhook response: %s, "
							+ "app + Bot API double + wrk on %d cores%n",
					concurrency, seconds, answerInResponse, Runtime.getRuntime().availableProcessors());
			long jvmCpuBefore = processCpuNanos();
			double redisCpuBefore = redisCpuSeconds(redis);
			String result = wrk(script, url, concurrency, seconds);
			long jvmCpu = processCpuNanos() - jvmCpuBefore;
			double redisCpu = redisCpuSeconds(redis) - redisCpuBefore;
			System.out.println(result);
			long updates = Long.parseLong(result.replaceAll(".*updates=(\\d+).*", "$1"));
			System.out.printf("CPU per update: app JVM %.0f µs, Redis %.0f µs%n", jvmCpu / 1_000.0 / updates,
					redisCpu * 1_000_000 / updates);
			memory(redis);
			System.out.printf("Bot API calls received by the double: %d%n", CALLS.get());
		}
		finally {
			botApi.stop(0);
		}
		System.exit(0);
	}

	private static final AtomicLong CALLS = new AtomicLong();

	/** Answers every call like Telegram's sendMessage does, and does nothing else. */
	private static HttpServer botApiDouble() throws IOException {
		// Without TCP_NODELAY the JDK server's separate header and body writes meet the
		// client's
		// delayed ACK: 40 ms per call that the real Bot API does not cost.
		System.setProperty("sun.net.httpserver.nodelay", "true");
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		byte[] answer = "{\"ok\":true,\"result\":{\"message_id\":1,\"date\":1795000000,\"chat\":{\"id\":1,\"type\":\"private\"},\"text\":\"ok\"}}"
			.getBytes(StandardCharsets.UTF_8);
		server.setExecutor(Executors.newFixedThreadPool(4));
		server.createContext("/", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			CALLS.incrementAndGet();
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, answer.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer);
			}
		});
		server.start();
		return server;
	}

	private static String wrk(Path script, String url, int connections, int seconds) throws Exception {
		List<String> command = new ArrayList<>(List.of("wrk", "-t", String.valueOf(connections), "-c",
				String.valueOf(connections), "-d", seconds + "s", "--timeout", "5s", "-s", script.toString(), url));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();
		return output.lines().filter((line) -> line.startsWith("RESULT")).findFirst().orElse(output);
	}

	/** CPU time of this JVM: the app (and the Bot API double, idle here). */
	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private static double redisCpuSeconds(StringRedisTemplate redis) {
		Properties info = redis
			.execute((RedisCallback<Properties>) (connection) -> connection.serverCommands().info("cpu"));
		return Double.parseDouble(info.getProperty("used_cpu_sys"))
				+ Double.parseDouble(info.getProperty("used_cpu_user"));
	}

	private static void memory(StringRedisTemplate redis) {
		String chat = "900100001"; // thread 1, second user: a finished consultation
		String tag = "cc:{telegram:" + chat + "}:";
		long session = memoryUsage(redis, tag + "session");
		long transcript = memoryUsage(redis, tag + "transcript");
		long seen = memoryUsage(redis, tag + "seen");
		Long marks = redis.opsForZSet().zCard(tag + "seen");
		System.out.printf(
				"redis per user after a full consultation: session %d B (state and profile), "
						+ "de-duplication marks %d B (%d updates), transcript %d B%n",
				session, seen, marks, transcript);
	}

	private static long memoryUsage(StringRedisTemplate redis, String key) {
		Long bytes = redis.execute(
				RedisScript.of("return redis.call('MEMORY', 'USAGE', KEYS[1], 'SAMPLES', '0')", Long.class),
				List.of(key));
		return (bytes != null) ? bytes : -1;
	}

	private static void flush(StringRedisTemplate redis) {
		redis.execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushDb();
			return null;
		});
	}

}
