package com.careerconcierge.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.careerconcierge.CareerConciergeApplication;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Drives many simulated web-chat users through a whole consultation at once, each waiting
 * for the bot's answer before its next message, and prints messages per second, latency
 * percentiles and the Redis bytes each user leaves behind. Run with
 * {@code ./mvnw -Pbenchmark verify} ({@code -Dbench.users=… -Dbench.concurrency=…} to
 * change the load).
 */
public final class WebChatBenchmark {

	private static final ObjectMapper JSON = new ObjectMapper();

	/**
	 * One consultation by buttons and typing: 10 messages after the session is opened.
	 */
	private static final List<String> SCRIPT = List.of("{\"postback\":\"cmd:begin\"}", "{\"postback\":\"concern:pay\"}",
			"{\"text\":\"未経験なのが不安です\"}", "{\"postback\":\"cmd:next\"}", "{\"postback\":\"strength:communication\"}",
			"{\"text\":\"エクセルの集計\"}", "{\"postback\":\"cmd:next\"}", "{\"text\":\"月に100件の新規電話でアポを取り続けた\"}",
			"{\"postback\":\"role:accounting\"}", "{\"postback\":\"cmd:finish\"}");

	private WebChatBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int users = Integer.getInteger("bench.users", 2000);
		int concurrency = Integer.getInteger("bench.concurrency", 32);
		int warmupUsers = Integer.getInteger("bench.warmup", 300);
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CareerConciergeApplication.class)
			.run("--server.port=0", "--logging.level.root=WARN")) {
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			StringRedisTemplate redis = app.getBean(StringRedisTemplate.class);
			redis.execute((RedisCallback<Object>) (connection) -> {
				connection.serverCommands().flushDb();
				return null;
			});
			HttpClient http = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.executor(Executors.newFixedThreadPool(4, (task) -> {
					Thread thread = new Thread(task, "bench-http");
					thread.setDaemon(true);
					return thread;
				}))
				.connectTimeout(Duration.ofSeconds(5))
				.build();
			System.out.printf("warm-up: %d users%n", warmupUsers);
			run(http, port, warmupUsers, concurrency);
			System.out.printf("measuring: %d users x %d messages, %d at a time, app and load generator on %d cores%n",
					users, SCRIPT.size() + 1, concurrency, Runtime.getRuntime().availableProcessors());
			Result result = run(http, port, users, concurrency);
			List<Long> latencies = result.latenciesNanos();
			Collections.sort(latencies);
			double seconds = result.elapsedNanos() / 1e9;
			System.out.printf("messages: %d in %.2f s = %.0f messages/s (errors: %d)%n", latencies.size(), seconds,
					latencies.size() / seconds, result.errors());
			System.out.printf("latency: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms%n", pct(latencies, 50),
					pct(latencies, 95), pct(latencies, 99), latencies.get(latencies.size() - 1) / 1e6);
			memory(redis, result.lastSessionId());
			System.exit((result.errors() == 0) ? 0 : 1);
		}
	}

	private static void memory(StringRedisTemplate redis, String sessionId) {
		String tag = "cc:{web:" + sessionId + "}:";
		long session = memoryUsage(redis, tag + "session");
		long transcript = memoryUsage(redis, tag + "transcript");
		System.out.printf("redis per user after a full consultation: session %d B (state and profile), "
				+ "transcript %d B, total %d B%n", session, transcript, session + transcript);
	}

	private static long memoryUsage(StringRedisTemplate redis, String key) {
		Long bytes = redis.execute(
				RedisScript.of("return redis.call('MEMORY', 'USAGE', KEYS[1], 'SAMPLES', '0')", Long.class),
				List.of(key));
		return (bytes != null) ? bytes : -1;
	}

	private static Result run(HttpClient http, int port, int users, int concurrency) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(concurrency);
		List<Long> latencies = Collections.synchronizedList(new ArrayList<>(users * (SCRIPT.size() + 1)));
		AtomicInteger errors = new AtomicInteger();
		AtomicInteger next = new AtomicInteger();
		String[] last = new String[1];
		long start = System.nanoTime();
		List<Future<?>> workers = new ArrayList<>();
		for (int w = 0; w < concurrency; w++) {
			workers.add(pool.submit(() -> {
				while (next.getAndIncrement() < users) {
					try {
						last[0] = consult(http, port, latencies);
					}
					catch (Exception ex) {
						errors.incrementAndGet();
					}
				}
				return null;
			}));
		}
		for (Future<?> worker : workers) {
			worker.get();
		}
		long elapsed = System.nanoTime() - start;
		pool.shutdown();
		return new Result(new ArrayList<>(latencies), elapsed, errors.get(), last[0]);
	}

	private static String consult(HttpClient http, int port, List<Long> latencies) throws Exception {
		String base = "http://127.0.0.1:" + port + "/api/chat/sessions";
		JsonNode created = post(http, base, null, 201, latencies);
		String id = created.get("sessionId").asText();
		for (String body : SCRIPT) {
			post(http, base + "/" + id + "/messages", body, 200, latencies);
		}
		return id;
	}

	private static JsonNode post(HttpClient http, String url, String body, int expected, List<Long> latencies)
			throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.POST((body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody())
			.build();
		long t0 = System.nanoTime();
		HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
		latencies.add(System.nanoTime() - t0);
		if (response.statusCode() != expected) {
			throw new IllegalStateException(url + " answered " + response.statusCode());
		}
		return JSON.readTree(response.body());
	}

	private static double pct(List<Long> sorted, int percentile) {
		int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, index)) / 1e6;
	}

	private record Result(List<Long> latenciesNanos, long elapsedNanos, int errors, String lastSessionId) {
	}

}
