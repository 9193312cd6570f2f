package com.careerconcierge.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.careerconcierge.fuzz.Fuzzer.Finding;
import com.careerconcierge.support.AgentApi;
import com.careerconcierge.support.HttpDouble;
import com.careerconcierge.support.HttpDouble.Answer;
import com.careerconcierge.support.HttpDouble.Request;
import com.careerconcierge.support.web.BodyLimit;
import com.careerconcierge.support.web.HttpProperties;
import com.careerconcierge.support.RedisKeys;
import com.careerconcierge.support.WebChat;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of malformed, truncated, oversized and random requests, and valid-looking
 * ones with unknown fields and odd text, sent to every webhook and chat endpoint of the
 * running app (Telegram in webhook mode and LINE on, against local doubles of their
 * APIs): no 5xx, every error is problem JSON, nothing refused changes what is stored, and
 * the app keeps serving. The run is seeded (a fixed seed by default, so the build is
 * reproducible); {@code -Dfuzz.seed=random} tries a new one, printed, and
 * {@code -Dfuzz.seed=<seed>} replays it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concierge.telegram.bot-token=" + InputFuzzTest.BOT_TOKEN, "concierge.telegram.mode=webhook",
				"concierge.telegram.webhook-secret=" + InputFuzzTest.TELEGRAM_SECRET,
				"concierge.line.channel-secret=" + InputFuzzTest.LINE_SECRET,
				"concierge.line.channel-access-token=" + InputFuzzTest.LINE_TOKEN,
				"concierge.handoff.agent-tokens=alice:" + InputFuzzTest.AGENT_TOKEN, "concierge.handoff.opens=00:00",
				"concierge.handoff.closes=23:59:59.999",
				"concierge.handoff.days=MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY" })
class InputFuzzTest {

	static final String BOT_TOKEN = "7000000001:AAF-fuzz-token-do-not-log";

	static final String TELEGRAM_SECRET = "s3cret-webhook-token";

	static final String LINE_SECRET = "5f1c0e7a9b2d4c6e8f0a1b3c5d7e9f21";

	static final String LINE_TOKEN = "test-channel-access-token-Zk9xQ2V3Ym1oYzNSbGNpQjBiMnRsYmc=";

	static final String AGENT_TOKEN = "alice-token-0123456789";

	/** Requests per unit of weight in {@link Shots}: about 2,000 garbage, 800 others. */
	private static final int GARBAGE_SCALE = 20;

	private static final int VALID_LOOKING_SCALE = 10;

	private static final int THREADS = 4;

	static final HttpDouble BOT_API = new HttpDouble();

	static final HttpDouble LINE_API = new HttpDouble();

	private static final long SEED = seed();

	@DynamicPropertySource
	static void platformApis(DynamicPropertyRegistry registry) {
		registry.add("concierge.telegram.api-url", BOT_API::url);
		registry.add("concierge.line.api-url", LINE_API::url);
	}

	@AfterAll
	static void closeDoubles() {
		BOT_API.close();
		LINE_API.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redisTemplate;

	@Autowired
	HttpProperties limits;

	@Autowired
	java.util.List<BodyLimit> bodyLimits;

	RedisState redis;

	AgentApi alice;

	@BeforeEach
	void setUp() {
		new RedisKeys(this.redisTemplate).flush();
		this.redis = new RedisState(this.redisTemplate);
		this.alice = new AgentApi(this.port, AGENT_TOKEN);
		BOT_API.reset();
		BOT_API.answer("/sendmessage", InputFuzzTest::messageSent);
		LINE_API.reset();
		LINE_API.answerOthers(InputFuzzTest::messagingApi);
	}

	@Test
	void garbageIsRefusedWithoutAServerErrorAndChangesNothing() {
		Shots shots = shots(1);
		WebChat user = new WebChat(this.port);
		user.open();
		user.press("相談を始める");
		user.press("給料が下がりそう");
		Handover handover = handover();
		List<Shot> garbage = shots.garbage(user.sessionId(), handover.session(), handover.id(), GARBAGE_SCALE);
		Map<String, RedisState.Entry> before = this.redis.snapshot("*");
		int botCalls = BOT_API.requests().size();
		int lineCalls = LINE_API.requests().size();

		Fuzzer fuzzer = new Fuzzer(this.port, this.redis);
		long started = System.nanoTime();
		fuzzer.fire(only(garbage), THREADS);
		report("garbage", fuzzer, started);

		List<String> failures = new ArrayList<>(describe("garbage", fuzzer.findings()));
		List<String> changes = RedisState.changes(before, this.redis.snapshot("*"));
		if (!changes.isEmpty()) {
			failures.add("Stored state changed: " + changes);
		}
		// LINE replies go out after the webhook has answered: give a stray one time.
		LINE_API.await((request) -> true, lineCalls + 1, Duration.ofMillis(500));
		List<String> calls = new ArrayList<>();
		BOT_API.requests().stream().skip(botCalls).forEach((request) -> calls.add(request.path()));
		LINE_API.requests().stream().skip(lineCalls).forEach((request) -> calls.add(request.path()));
		if (!calls.isEmpty()) {
			failures.add("Garbage reached a platform: " + calls);
		}
		assertThat(failures).as(failureMessage()).isEmpty();
		assertTheAppKeepsServing(user);
	}

	@Test
	void validLookingInputWithUnknownFieldsAndOddTextNeverFails() {
		Shots shots = shots(2);
		Handover handover = handover();
		List<Shot> validLooking = shots.validLooking(handover.id(), VALID_LOOKING_SCALE);

		Fuzzer fuzzer = new Fuzzer(this.port, this.redis);
		long started = System.nanoTime();
		fuzzer.fire(only(validLooking), THREADS);
		report("valid-looking input", fuzzer, started);

		List<String> failures = new ArrayList<>(describe("valid-looking", fuzzer.findings()));
		List<String> strays = this.redisTemplate.keys("cc:*")
			.stream()
			.filter((key) -> key.matches("cc:\\{[a-z]+:(null|)\\}.*"))
			.sorted()
			.toList();
		if (!strays.isEmpty()) {
			failures.add("Stored under a missing user id: " + strays);
		}
		assertThat(failures).as(failureMessage()).isEmpty();
		WebChat user = new WebChat(this.port);
		user.open();
		assertTheAppKeepsServing(user);
	}

	private void assertTheAppKeepsServing(WebChat user) {
		List<String> labels = user.labels();
		assertThat(labels).isNotEmpty();
		assertThat(user.press(labels.get(0))).isNotEmpty();
		WebChat.Response health = new AgentApi(this.port, null).get("/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.body().get("status").asText()).isEqualTo("UP");
	}

	/**
	 * The shots to fire: all, or those whose numbers {@code -Dfuzz.only=12,345} names (to
	 * replay a finding alone).
	 */
	private static List<Shot> only(List<Shot> shots) {
		String only = System.getProperty("fuzz.only", "");
		if (only.isBlank()) {
			return shots;
		}
		List<Shot> chosen = new ArrayList<>();
		for (String index : only.split(",")) {
			chosen.add(shots.get(Integer.parseInt(index.strip())));
		}
		return chosen;
	}

	private Shots shots(int test) {
		Random random = new Random(SEED * 31 + test);
		return new Shots(new Mutations(random), this.limits, this.bodyLimits, TELEGRAM_SECRET, LINE_SECRET,
				AGENT_TOKEN);
	}

	/** A web chat user who asked for a person, and the handoff the agent has claimed. */
	private Handover handover() {
		WebChat user = new WebChat(this.port);
		user.open();
		user.press("担当者と話す");
		String id = null;
		for (JsonNode handoff : this.alice.waiting()) {
			// agents see a web session id shortened: it is the chat's credential
			if (handoff.get("userId").asText().equals(user.sessionId().substring(0, 6) + "…")) {
				id = handoff.get("id").asText();
			}
		}
		assertThat(id).as("the handoff of " + user.sessionId()).isNotNull();
		AgentApi.ok(this.alice.claim(id));
		return new Handover(user.sessionId(), id);
	}

	/**
	 * A summary by kind and the first findings; all of them go to
	 * {@code target/fuzz-<phase>-findings.txt}.
	 */
	private static List<String> describe(String phase, List<Finding> findings) {
		if (findings.isEmpty()) {
			return List.of();
		}
		List<Finding> sorted = findings.stream().sorted(Comparator.comparingInt(Finding::index)).toList();
		Path file = Path.of("target", "fuzz-" + phase + "-findings.txt");
		try {
			Files.write(file, sorted.stream().map(Finding::toString).toList(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Map<String, Long> kinds = sorted.stream()
			.collect(Collectors.groupingBy(
					(finding) -> finding.problem().replaceAll(": .*", "") + " on "
							+ finding.shot().path().replaceAll("/(sessions|handoffs)/[^/]+", "/$1/…"),
					TreeMap::new, Collectors.counting()));
		List<String> described = new ArrayList<>();
		described.add(findings.size() + " findings (all in " + file + "): " + kinds);
		sorted.stream().limit(25).forEach((finding) -> described.add(finding.toString()));
		return described;
	}

	private static String failureMessage() {
		return "Fuzzing with seed " + SEED + " (replay: ./mvnw test -Dspring-javaformat.skip=true "
				+ "-Dtest='com.careerconcierge.fuzz.*Test' -Dfuzz.seed=" + SEED + ")";
	}

	private static void report(String phase, Fuzzer fuzzer, long started) {
		System.out.printf("Fuzzed %s with seed %d: %d requests in %d ms, statuses %s%n", phase, SEED, fuzzer.requests(),
				(System.nanoTime() - started) / 1_000_000, fuzzer.statuses());
	}

	private static long seed() {
		// A fixed default keeps the build reproducible; -Dfuzz.seed=random explores new
		// inputs.
		String configured = System.getProperty("fuzz.seed", "20261124").strip();
		long seed = configured.equals("random") ? new Random().nextLong() : Long.parseLong(configured);
		System.out.println("Fuzzing with seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
		return seed;
	}

	static Answer messageSent(Request request) {
		long chat = 0;
		try {
			chat = request.json().path("chat_id").asLong();
		}
		catch (IllegalStateException ex) {
			// not JSON: answer anyway
		}
		return Answer.json(200, "{\"ok\":true,\"result\":{\"message_id\":1,\"date\":1795000000,\"chat\":{\"id\":" + chat
				+ ",\"type\":\"private\"},\"text\":\"ok\"}}");
	}

	/** The Messaging API as it answers when all is well. */
	private static Answer messagingApi(Request request) {
		if (request.path().startsWith("/v2/bot/profile/")) {
			return Answer.json(200, "{\"displayName\":\"山田 太郎\",\"userId\":\""
					+ request.path().substring("/v2/bot/profile/".length()) + "\",\"language\":\"ja\"}");
		}
		return Answer.json(200, "{\"sentMessages\":[{\"id\":\"461230966842064897\",\"quoteToken\":\"IStG5h1Tz7b\"}]}");
	}

	/**
	 * A conversation an agent holds.
	 *
	 * @param session the web chat session
	 * @param id the handoff's id
	 */
	private record Handover(String session, String id) {
	}

}
