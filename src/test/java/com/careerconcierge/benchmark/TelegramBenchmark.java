package com.careerconcierge.benchmark;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The Telegram path users take, measured from outside the app. The app runs in a process
 * of its own (the packaged jar, webhook mode, against a private {@code redis-server});
 * this process plays Telegram: a Bot API double that confirms every call the way the Bot
 * API does, and N users at once, each sending {@code /start} and then pressing one of the
 * inline buttons of the bot's latest keyboard, or typing a phrase where it offered none,
 * every update posted only after the previous one was answered and replied to. The mix,
 * the measure and the warm-up are those of the shared harness the speed target is stated
 * in ({@code ../shared/bench/telegram}), without Node.js: latency is update posted → the
 * first reply in that chat reaching the Bot API double.
 * <p>
 * Run with
 * {@code ./mvnw -Pbenchmark verify -Dbench.main=com.careerconcierge.benchmark.TelegramBenchmark}
 * ({@code redis-server} must be on the path); {@code -Dbench.concurrency} (64),
 * {@code -Dbench.seconds} (20), {@code -Dbench.warmup} (users before measuring, 4,000 of
 * 6 updates), {@code -Dbench.java} (the app's {@code java}; this one's by default) and
 * {@code -Dbench.jvmArgs} ({@code -XX:+UseParallelGC}) change it. The per-chat pace is
 * off: these users answer within milliseconds.
 */
public final class TelegramBenchmark {

	private static final String TOKEN = "123456789:BENCH-token";

	private static final String SECRET = "bench-secret";

	private static final int STEPS = 6;

	private static final long CHAT_BASE = 800_000_000L;

	/** What the simulated users type where the bot offers no buttons. */
	private static final List<String> PHRASES = List.of("経理の仕事が気になっています", "年収が減らないか心配です", "人と話すのは得意なほうです",
			"このあと何をすればいいでしょう", "事務の仕事はしたことがありません", "総務ってどんな仕事ですか");

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final MediaType APPLICATION_JSON = MediaType.get("application/json");

	private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);

	private final Map<Long, User> users = new ConcurrentHashMap<>();

	private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

	private final AtomicLong updateIds = new AtomicLong(50_000_000);

	private final AtomicLong callbackIds = new AtomicLong();

	private final OkHttpClient http;

	private final String webhook;

	private TelegramBenchmark(String webhook, int concurrency) {
		this.webhook = webhook;
		this.http = new OkHttpClient.Builder().connectionPool(new ConnectionPool(concurrency * 2, 5, TimeUnit.MINUTES))
			.readTimeout(REPLY_TIMEOUT)
			.build();
	}

	public static void main(String[] args) throws Exception {
		int concurrency = Integer.getInteger("bench.concurrency", 64);
		int seconds = Integer.getInteger("bench.seconds", 20);
		int warmUp = Integer.getInteger("bench.warmup", 4_000);
		String java = property("bench.java", ProcessHandle.current().info().command().orElse("java"));
		String jvmArgs = property("bench.jvmArgs", "-XX:+UseParallelGC");
		File jar = jar();
		int redisPort = freePort();
		int apiPort = freePort();
		int appPort = freePort();
		Process redis = new ProcessBuilder("redis-server", "--port", String.valueOf(redisPort), "--save", "",
				"--appendonly", "no")
			.redirectErrorStream(true)
			.redirectOutput(new File("target/telegram-benchmark-redis.log"))
			.start();
		TelegramBenchmark telegram = new TelegramBenchmark("http://127.0.0.1:" + appPort + "/telegram/webhook",
				concurrency);
		HttpServer botApi = telegram.botApi(apiPort);
		List<String> command = new ArrayList<>(List.of(java));
		command.addAll(Arrays.asList(jvmArgs.trim().split("\\s+")));
		command.addAll(List.of("-jar", jar.getPath(), "--server.port=" + appPort, "--logging.level.root=WARN",
				"--concierge.telegram.chat-pace=0"));
		ProcessBuilder app = new ProcessBuilder(command.stream().filter((arg) -> !arg.isEmpty()).toList())
			.redirectErrorStream(true)
			.redirectOutput(new File("target/telegram-benchmark-app.log"));
		app.environment()
			.putAll(Map.of("TELEGRAM_BOT_TOKEN", TOKEN, "TELEGRAM_MODE", "webhook", "TELEGRAM_WEBHOOK_SECRET", SECRET,
					"TELEGRAM_API_URL", "http://127.0.0.1:" + apiPort, "REDIS_URL", "redis://127.0.0.1:" + redisPort));
		Process bot = app.start();
		try {
			awaitPort(appPort, Duration.ofSeconds(90), bot);
			Thread.sleep(2_000); // start-up calls to the Bot API, the first requests'
									// class loading
			System.out.printf("app: %s %s -jar %s (pid %d); load, Bot API double: this process (pid %d); %d cores%n",
					java, jvmArgs, jar, bot.pid(), ProcessHandle.current().pid(),
					Runtime.getRuntime().availableProcessors());
			System.out.printf("warm-up: %,d users of %d updates, %d at once%n", warmUp, STEPS, concurrency);
			Phase warm = telegram.run(0, warmUp, concurrency, Long.MAX_VALUE);
			System.out.printf("warm-up done: %,d updates, %d without a reply%n", warm.completed.get(),
					warm.missing.get());
			telegram.calls.clear();
			long appCpu = cpuNanos(bot.toHandle());
			long redisCpu = cpuNanos(redis.toHandle());
			long ownCpu = ownCpuNanos();
			long start = System.nanoTime();
			long end = start + TimeUnit.SECONDS.toNanos(seconds);
			Phase measured = telegram.run(warmUp, Integer.MAX_VALUE, concurrency, end);
			appCpu = cpuNanos(bot.toHandle()) - appCpu;
			redisCpu = cpuNanos(redis.toHandle()) - redisCpu;
			ownCpu = ownCpuNanos() - ownCpu;
			measured.report(seconds, concurrency, appCpu, redisCpu, ownCpu, new TreeMap<>(telegram.calls));
		}
		finally {
			bot.destroy();
			bot.waitFor(20, TimeUnit.SECONDS);
			botApi.stop(0);
			redis.destroy();
		}
		System.exit(0);
	}

	/**
	 * Runs users until {@code count} have gone through their updates, or until
	 * {@code end}: no update starts after it, and only those finished by it count.
	 */
	private Phase run(int first, int count, int concurrency, long end) throws InterruptedException {
		Phase phase = new Phase(end);
		AtomicInteger next = new AtomicInteger();
		List<Thread> workers = new ArrayList<>();
		for (int i = 0; i < concurrency; i++) {
			Thread worker = new Thread(() -> {
				int index;
				while ((index = next.getAndIncrement()) < count && System.nanoTime() < end) {
					converse(new User(CHAT_BASE + first + index), phase);
				}
			}, "user-" + i);
			worker.start();
			workers.add(worker);
		}
		for (Thread worker : workers) {
			worker.join();
		}
		return phase;
	}

	/**
	 * One user's consultation: /start, then a button of the latest keyboard or a phrase.
	 */
	private void converse(User user, Phase phase) {
		this.users.put(user.chatId, user);
		try {
			ObjectNode keyboard = null;
			for (int step = 0; step < STEPS && System.nanoTime() < phase.end; step++) {
				ObjectNode update;
				if (step == 0) {
					update = message(user, "/start");
				}
				else if (keyboard != null) {
					List<String> buttons = new ArrayList<>();
					for (JsonNode row : keyboard.path("reply_markup").path("inline_keyboard")) {
						for (JsonNode button : row) {
							if (button.hasNonNull("callback_data")) {
								buttons.add(button.get("callback_data").asText());
							}
						}
					}
					update = callback(user, keyboard, buttons.get(user.random.nextInt(buttons.size())));
				}
				else {
					update = message(user, PHRASES.get(user.random.nextInt(PHRASES.size())));
				}
				Step done = post(user, update);
				if (done.first == 0) {
					phase.missing.incrementAndGet();
					return; // a bot that does not answer must not stretch the run
				}
				phase.done(done);
				keyboard = done.keyboard;
			}
		}
		finally {
			this.users.remove(user.chatId);
		}
	}

	private Step post(User user, ObjectNode update) {
		Step step = new Step(System.nanoTime());
		user.current = step;
		Request request = new Request.Builder().url(this.webhook)
			.header("X-Telegram-Bot-Api-Secret-Token", SECRET)
			.post(RequestBody.create(update.toString(), APPLICATION_JSON))
			.build();
		try (Response response = this.http.newCall(request).execute()) {
			response.body().bytes();
			step.status = response.code();
		}
		catch (IOException ex) {
			step.status = -1;
		}
		step.answered = System.nanoTime();
		try {
			step.replied.await(REPLY_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return step;
	}

	private ObjectNode message(User user, String text) {
		ObjectNode update = JSON.createObjectNode().put("update_id", this.updateIds.incrementAndGet());
		ObjectNode message = update.putObject("message")
			.put("message_id", user.messageIds.incrementAndGet())
			.put("date", System.currentTimeMillis() / 1000)
			.put("text", text);
		message.set("from", user.from());
		message.set("chat", user.chat());
		if (text.startsWith("/")) {
			message.putArray("entities")
				.addObject()
				.put("offset", 0)
				.put("length", text.length())
				.put("type", "bot_command");
		}
		return update;
	}

	private ObjectNode callback(User user, ObjectNode pressed, String data) {
		ObjectNode update = JSON.createObjectNode().put("update_id", this.updateIds.incrementAndGet());
		ObjectNode query = update.putObject("callback_query")
			.put("id", String.valueOf(4_000_000_000_000L + this.callbackIds.incrementAndGet()))
			.put("chat_instance", String.valueOf(-(user.chatId * 7 + 13)))
			.put("data", data);
		query.set("from", user.from());
		query.set("message", pressed);
		return update;
	}

	/** Answers every call as the Bot API does; a reply in a chat ends its user's wait. */
	private HttpServer botApi(int port) throws IOException {
		// Without TCP_NODELAY the JDK server's separate header and body writes meet the
		// client's delayed ACK: 40 ms per call that the real Bot API does not cost.
		System.setProperty("sun.net.httpserver.nodelay", "true");
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
		server.setExecutor(Executors.newFixedThreadPool(8));
		server.createContext("/", (exchange) -> {
			try (exchange) {
				answer(exchange);
			}
		});
		server.start();
		return server;
	}

	private void answer(HttpExchange exchange) throws IOException {
		byte[] body = exchange.getRequestBody().readAllBytes();
		String path = exchange.getRequestURI().getPath();
		if (!path.startsWith("/bot" + TOKEN + "/")) {
			respond(exchange, 401, "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}");
			return;
		}
		// method names are case-insensitive in the Bot API
		String method = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
		this.calls.computeIfAbsent(method, (name) -> new AtomicLong()).incrementAndGet();
		ObjectNode result = switch (method) {
			case "sendmessage", "editmessagetext", "editmessagereplymarkup" -> reply(method, JSON.readTree(body));
			default -> null;
		};
		respond(exchange, 200,
				(result != null) ? "{\"ok\":true,\"result\":" + result + "}"
						: (method.equals("getme")
								? "{\"ok\":true,\"result\":{\"id\":123456789,\"is_bot\":true,"
										+ "\"first_name\":\"BenchBot\",\"username\":\"bench_bot\"}}"
								: "{\"ok\":true,\"result\":true}"));
	}

	private ObjectNode reply(String method, JsonNode call) {
		long chatId = call.path("chat_id").asLong();
		User user = this.users.get(chatId);
		boolean sent = method.equals("sendmessage");
		int id = sent ? ((user != null) ? user.messageIds.incrementAndGet() : 1) : call.path("message_id").asInt();
		ObjectNode message = JSON.createObjectNode()
			.put("message_id", id)
			.put("date", System.currentTimeMillis() / 1000);
		message.putObject("from").put("id", 123456789).put("is_bot", true).put("first_name", "BenchBot");
		message.putObject("chat").put("id", chatId).put("type", "private");
		if (call.has("text")) {
			message.put("text", call.get("text").asText());
		}
		JsonNode markup = call.get("reply_markup");
		if (markup != null && markup.has("inline_keyboard")) {
			message.set("reply_markup", markup);
		}
		Step step = (user != null) ? user.current : null;
		if (step != null && !method.equals("editmessagereplymarkup")) {
			if (hasButtons(markup)) {
				step.keyboard = message;
			}
			if (step.first == 0) {
				step.first = System.nanoTime();
				step.replied.countDown();
			}
		}
		return message;
	}

	private static boolean hasButtons(JsonNode markup) {
		if (markup == null) {
			return false;
		}
		for (JsonNode row : markup.path("inline_keyboard")) {
			for (JsonNode button : row) {
				if (button.hasNonNull("callback_data")) {
					return true;
				}
			}
		}
		return false;
	}

	private static void respond(HttpExchange exchange, int status, String json) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static File jar() {
		File[] jars = new File("target").listFiles((dir, name) -> name.startsWith("career-concierge-")
				&& name.endsWith(".jar") && !name.endsWith("-sources.jar"));
		if (jars == null || jars.length == 0) {
			throw new IllegalStateException("No target/career-concierge-*.jar: run through ./mvnw -Pbenchmark verify");
		}
		return jars[0];
	}

	private static String property(String name, String fallback) {
		String value = System.getProperty(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void awaitPort(int port, Duration timeout, Process app) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!app.isAlive()) {
				throw new IllegalStateException("The app exited; see target/telegram-benchmark-app.log");
			}
			try (Socket socket = new Socket("127.0.0.1", port)) {
				return;
			}
			catch (IOException ex) {
				Thread.sleep(200);
			}
		}
		throw new IllegalStateException("The app did not listen on " + port + " within " + timeout);
	}

	private static long cpuNanos(ProcessHandle process) {
		return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
	}

	private static long ownCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	/** One simulated user: one chat. */
	private static final class User {

		final long chatId;

		final AtomicInteger messageIds = new AtomicInteger();

		final Random random;

		volatile Step current;

		User(long chatId) {
			this.chatId = chatId;
			this.random = new Random(chatId); // the same choices in every run
		}

		ObjectNode from() {
			return JSON.createObjectNode()
				.put("id", this.chatId)
				.put("is_bot", false)
				.put("first_name", "ユーザー" + (this.chatId - CHAT_BASE))
				.put("language_code", "ja");
		}

		ObjectNode chat() {
			return JSON.createObjectNode()
				.put("id", this.chatId)
				.put("type", "private")
				.put("first_name", "ユーザー" + (this.chatId - CHAT_BASE));
		}

	}

	/** One update: when it was posted, answered, first replied to. */
	private static final class Step {

		final long posted;

		final CountDownLatch replied = new CountDownLatch(1);

		volatile long answered;

		volatile long first;

		volatile int status;

		/** The latest message with buttons the bot sent during this update. */
		volatile ObjectNode keyboard;

		Step(long posted) {
			this.posted = posted;
		}

	}

	/** What one phase measured. */
	private static final class Phase {

		final long end;

		final long start = System.nanoTime();

		final AtomicLong completed = new AtomicLong();

		final AtomicLong missing = new AtomicLong();

		final AtomicLong failed = new AtomicLong();

		final List<Long> latencies = new ArrayList<>();

		final List<Long> answers = new ArrayList<>();

		Phase(long end) {
			this.end = end;
		}

		synchronized void done(Step step) {
			if (step.status != 200) {
				this.failed.incrementAndGet();
			}
			if (step.first <= this.end) {
				this.completed.incrementAndGet();
				this.latencies.add(step.first - step.posted);
				this.answers.add(step.answered - step.posted);
			}
		}

		void report(int seconds, int concurrency, long appCpu, long redisCpu, long ownCpu,
				Map<String, AtomicLong> calls) {
			long updates = this.completed.get();
			double window = seconds;
			System.out.printf("measured: %d s, %d users at once, %d updates each (buttons where offered)%n", seconds,
					concurrency, STEPS);
			System.out.printf("updates/s %,.0f (%,d replied to within the window), %d without a reply, %d not "
					+ "answered 200%n", updates / window, updates, this.missing.get(), this.failed.get());
			System.out.println("reply latency ms   " + percentiles(this.latencies));
			System.out.println("webhook answer ms  " + percentiles(this.answers));
			System.out.printf(
					"CPU: app %.2f cores (%.0f µs per update), Redis %.2f cores (%.0f µs), "
							+ "this load process %.2f cores (%.0f µs)%n",
					appCpu / 1e9 / window, appCpu / 1e3 / updates, redisCpu / 1e9 / window, redisCpu / 1e3 / updates,
					ownCpu / 1e9 / window, ownCpu / 1e3 / updates);
			System.out.println("Bot API calls: " + calls);
		}

		private static String percentiles(List<Long> nanos) {
			if (nanos.isEmpty()) {
				return "-";
			}
			long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
			StringBuilder line = new StringBuilder();
			for (double p : new double[] { 0.5, 0.9, 0.99 }) {
				long value = sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
				line.append(String.format("p%d %.1f  ", (int) (p * 100), value / 1e6));
			}
			return line.append(String.format("max %.1f", sorted[sorted.length - 1] / 1e6)).toString();
		}

	}

}
