package com.careerconcierge.fuzz;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Sends shots at the running app from a few threads, like several platforms at once, and
 * collects every answer that breaks the contract: a 5xx, a stack trace, a 4xx that is not
 * problem JSON, an unexpected status, or a refused request that changed what is stored.
 */
final class Fuzzer {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final Pattern STACK_TRACE = Pattern
		.compile("Exception|Caused by|\\tat |at (com|org|java|jakarta)\\.[A-Za-z0-9_.$]+\\(");

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String base;

	private final RedisState redis;

	private final Queue<Finding> findings = new ConcurrentLinkedQueue<>();

	private final SortedMap<Integer, AtomicInteger> statuses = new TreeMap<>();

	private final AtomicInteger requests = new AtomicInteger();

	Fuzzer(int port, RedisState redis) {
		this.base = "http://127.0.0.1:" + port;
		this.redis = redis;
	}

	/** Sends every shot, from this many threads, and waits for all the answers. */
	void fire(List<Shot> shots, int threads) {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int i = 0; i < shots.size(); i++) {
				int index = i;
				done.add(pool.submit(() -> fire(index, shots.get(index))));
			}
			for (Future<?> future : done) {
				future.get();
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			pool.shutdownNow();
		}
	}

	List<Finding> findings() {
		return new ArrayList<>(this.findings);
	}

	int requests() {
		return this.requests.get();
	}

	/** How many answers had each status. */
	Map<Integer, Integer> statuses() {
		synchronized (this.statuses) {
			Map<Integer, Integer> counts = new TreeMap<>();
			this.statuses.forEach((status, count) -> counts.put(status, count.get()));
			return counts;
		}
	}

	private void fire(int index, Shot shot) {
		String path = shot.path();
		String identity = shot.identity();
		if (shot.opensSession()) {
			Answer opened = send(
					new Shot("open a session", "/api/chat/sessions", Map.of("Content-Type", "application/json"),
							"{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), Shot.Transfer.LENGTH, 201, null),
					"/api/chat/sessions");
			if (opened.status() != 201) {
				this.findings.add(new Finding(index, shot, opened, "could not open a web chat session"));
				return;
			}
			String session = opened.json().get("sessionId").asText();
			path = path.replace(Shot.SESSION, session);
			identity = identity.replace(Shot.SESSION, session);
		}
		Map<String, RedisState.Entry> before = (identity != null) ? this.redis.snapshot(identity) : null;
		Answer answer = send(shot, path);
		for (String problem : problems(shot, answer)) {
			this.findings.add(new Finding(index, shot, answer, problem));
		}
		if (before != null && answer.status() >= 400) {
			List<String> changes = RedisState.changes(before, this.redis.snapshot(identity));
			if (!changes.isEmpty()) {
				this.findings
					.add(new Finding(index, shot, answer, "refused or failed, but stored state changed: " + changes));
			}
		}
	}

	private Answer send(Shot shot, String path) {
		this.requests.incrementAndGet();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(TIMEOUT)
			.method("POST", publisher(shot));
		shot.headers().forEach(request::header);
		Answer answer;
		CompletableFuture<HttpResponse<byte[]>> sent = this.http.sendAsync(request.build(),
				HttpResponse.BodyHandlers.ofByteArray());
		try {
			// The client's own timeout does not cover every way an exchange can stall.
			HttpResponse<byte[]> response = sent.get(TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
			answer = new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					new String(response.body(), StandardCharsets.UTF_8));
		}
		catch (ExecutionException | TimeoutException ex) {
			sent.cancel(true);
			answer = new Answer(-1, "", "no answer: " + ((ex.getCause() != null) ? ex.getCause() : ex));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		synchronized (this.statuses) {
			this.statuses.computeIfAbsent(answer.status(), (status) -> new AtomicInteger()).incrementAndGet();
		}
		return answer;
	}

	private static HttpRequest.BodyPublisher publisher(Shot shot) {
		HttpRequest.BodyPublisher bytes = HttpRequest.BodyPublishers.ofByteArray(shot.body());
		if (shot.transfer() == Shot.Transfer.CHUNKED) {
			// no length: HTTP/1.1 chunked transfer coding
			return HttpRequest.BodyPublishers.fromPublisher(bytes);
		}
		return (shot.body().length == 0) ? HttpRequest.BodyPublishers.noBody() : bytes;
	}

	private static List<String> problems(Shot shot, Answer answer) {
		List<String> problems = new ArrayList<>();
		if (answer.status() < 0) {
			problems.add(answer.body());
			return problems;
		}
		if (answer.status() >= 500) {
			problems.add("server error");
		}
		else if (!shot.accepts(answer.status())) {
			problems.add("expected " + shot.expectation());
		}
		if (STACK_TRACE.matcher(answer.body()).find()) {
			problems.add("the body names an exception or shows a stack trace");
		}
		if (answer.status() >= 400) {
			if (!answer.contentType().startsWith("application/problem+json")) {
				problems.add("an error that is not application/problem+json");
			}
			else {
				JsonNode problem = answer.json();
				if (problem == null || problem.path("status").asInt() != answer.status()
						|| !problem.path("title").isTextual()) {
					problems.add("problem JSON without its status and title");
				}
			}
		}
		return problems;
	}

	/**
	 * An HTTP answer.
	 *
	 * @param status the status, -1 when none came
	 * @param contentType the content type
	 * @param body the body as text
	 */
	record Answer(int status, String contentType, String body) {

		JsonNode json() {
			try {
				return JSON.readTree(this.body);
			}
			catch (IOException ex) {
				return null;
			}
		}

	}

	/**
	 * A broken contract, with what it takes to reproduce it.
	 *
	 * @param index the shot's position in the run (with the seed, the run replays)
	 * @param shot the request
	 * @param answer the answer
	 * @param problem what is wrong
	 */
	record Finding(int index, Shot shot, Answer answer, String problem) {

		@Override
		public String toString() {
			return "#" + this.index + " " + this.problem + "\n    request:  POST " + this.shot.path() + " "
					+ this.shot.headers() + " " + this.shot.transfer() + " — " + this.shot.what() + "\n    body:     "
					+ this.shot.excerpt(300) + "\n    answer:   " + this.answer.status() + " "
					+ this.answer.contentType() + " "
					+ this.answer.body().substring(0, Math.min(this.answer.body().length(), 400));
		}

	}

}
