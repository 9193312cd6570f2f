package com.careerconcierge.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.careerconcierge.CareerConciergeApplication;
import com.careerconcierge.support.AgentApi;
import com.careerconcierge.support.RedisServerProcess;
import com.careerconcierge.support.WebChat;
import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * What Redis spends per message and per handoff, for the capacity model in the README:
 * the app runs against a real {@code redis-server}; web-chat users walk through whole
 * consultations, then users ask for a person and an agent claims, writes and closes each
 * handoff. Printed: Redis commands and Redis CPU per message and per handoff (from
 * {@code INFO commandstats} and {@code INFO cpu}), and the memory a conversation keeps.
 * Redis runs commands on one thread, so one node sustains about one core's worth:
 * {@code 1 s / CPU per message} messages per second, before network and replication. Run
 * with
 * {@code ./mvnw -Pbenchmark verify -Dbench.main=com.careerconcierge.benchmark.CapacityBenchmark}.
 */
public final class CapacityBenchmark {

	private static final String TOKEN = "capacity-agent-token-0123";

	private CapacityBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int consultations = Integer.getInteger("bench.users", 400);
		int handoffs = Integer.getInteger("bench.handoffs", 200);
		Path dir = Files.createTempDirectory("capacity");
		int redisPort = RedisServerProcess.freePort();
		Process redis = RedisServerProcess.start(dir, redisPort);
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CareerConciergeApplication.class).run(
				"--server.port=0", "--logging.level.root=WARN", "--REDIS_URL=redis://127.0.0.1:" + redisPort,
				"--concierge.handoff.agent-tokens=agent:" + TOKEN, "--concierge.handoff.opens=00:00",
				"--concierge.handoff.closes=23:59:59.999",
				"--concierge.handoff.days=MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY")) {
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			StringRedisTemplate template = app.getBean(StringRedisTemplate.class);
			// warm up, then measure
			run(port, 50, CapacityBenchmark::consultation);
			Stats before = Stats.of(template);
			int messages = run(port, consultations, CapacityBenchmark::consultation);
			Stats after = Stats.of(template);
			report("consultation message", messages, before, after);
			System.out.printf(
					"memory: %d B per conversation kept (session, transcript, outbox history), " + "%d conversations%n",
					(after.memory() - before.memory()) / consultations, consultations);

			AgentApi agent = new AgentApi(port, TOKEN);
			Stats handoffStart = Stats.of(template);
			for (int i = 0; i < handoffs; i++) {
				handoff(port, agent);
			}
			Stats handoffEnd = Stats.of(template);
			report("handoff (asked, claimed, 1 agent message, 1 user message, closed, rated)", handoffs, handoffStart,
					handoffEnd);
		}
		finally {
			redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	/** A whole consultation: 10 messages after the welcome. */
	private static int consultation(int port) {
		WebChat user = new WebChat(port);
		user.open();
		user.postback("cmd:begin");
		user.postback("concern:pay");
		user.say("未経験なのが不安です");
		user.postback("cmd:next");
		user.postback("strength:communication");
		user.say("エクセルの集計");
		user.postback("cmd:next");
		user.say("月に100件の新規電話でアポを取り続けた");
		user.postback("role:accounting");
		user.postback("cmd:finish");
		return 11; // counting the session's opening
	}

	/** One handoff from request to rating. */
	private static void handoff(int port, AgentApi agent) {
		WebChat user = new WebChat(port);
		user.open();
		user.postback("cmd:begin");
		user.say("担当者と話したい");
		JsonNode waiting = AgentApi.ok(agent.get("/api/agent/handoffs?status=waiting"));
		String id = waiting.get(0).get("id").asText();
		AgentApi.ok(agent.claim(id));
		AgentApi.ok(agent.say(id, "担当の者です。どうぞご相談ください。"));
		user.say("経理に興味があります");
		AgentApi.ok(agent.close(id));
		user.postback("rating:5");
	}

	private static int run(int port, int users, java.util.function.IntUnaryOperator user) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<Integer>> done = new java.util.ArrayList<>();
			for (int i = 0; i < users; i++) {
				done.add(pool.submit(() -> user.applyAsInt(port)));
			}
			int messages = 0;
			for (Future<Integer> one : done) {
				messages += one.get();
			}
			return messages;
		}
		finally {
			pool.shutdown();
		}
	}

	private static void report(String what, int count, Stats before, Stats after) {
		long calls = after.calls() - before.calls();
		double cpu = after.cpuMicros() - before.cpuMicros();
		System.out.printf(
				"%s: %d measured; per one: %.1f Redis commands, %.0f µs of Redis CPU "
						+ "(so one Redis core takes about %.0f per second)%n",
				what, count, (double) calls / count, cpu / count, 1_000_000.0 / (cpu / count));
		Map<String, Long> top = new TreeMap<>();
		Map<String, Long> time = new TreeMap<>();
		after.byCommand().forEach((command, n) -> {
			long delta = n - before.byCommand().getOrDefault(command, 0L);
			if (delta > 0) {
				(command.endsWith(" µs") ? time : top).put(command, delta);
			}
		});
		printLargest("Redis time per one (inside scripts counted in both)", time, count, 6);
		printLargest("commands per one", top, count, 8);
	}

	private static void printLargest(String title, Map<String, Long> totals, int count, int max) {
		StringBuilder line = new StringBuilder("  " + title + ":");
		totals.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(max)
			.forEach((entry) -> line
				.append(String.format(" %s %.1f", entry.getKey(), (double) entry.getValue() / count)));
		System.out.println(line);
	}

	/** Redis's counters at one moment. */
	private record Stats(long calls, double cpuMicros, long memory, Map<String, Long> byCommand) {

		static Stats of(StringRedisTemplate redis) {
			java.util.Properties commands = redis
				.execute((RedisCallback<java.util.Properties>) (c) -> c.serverCommands().info("commandstats"));
			java.util.Properties cpu = redis
				.execute((RedisCallback<java.util.Properties>) (c) -> c.serverCommands().info("cpu"));
			java.util.Properties memory = redis
				.execute((RedisCallback<java.util.Properties>) (c) -> c.serverCommands().info("memory"));
			Map<String, Long> byCommand = new TreeMap<>();
			long calls = 0;
			for (String name : commands.stringPropertyNames()) {
				if (name.contains("µs")) {
					continue;
				}
				String value = commands.getProperty(name);
				long n = Long.parseLong(value.replaceAll("^calls=(\\d+),.*$", "$1"));
				long usec = Long.parseLong(value.replaceAll("^.*usec=(\\d+),.*$", "$1"));
				byCommand.put(name.replace("cmdstat_", ""), n);
				byCommand.put(name.replace("cmdstat_", "") + " µs", usec);
				calls += n;
			}
			double micros = (Double.parseDouble(cpu.getProperty("used_cpu_user"))
					+ Double.parseDouble(cpu.getProperty("used_cpu_sys"))) * 1_000_000;
			return new Stats(calls, micros, Long.parseLong(memory.getProperty("used_memory")), byCommand);
		}

	}

}
