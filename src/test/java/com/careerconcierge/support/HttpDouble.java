package com.careerconcierge.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on a free loopback port that stands in for a platform's API
 * (Telegram's Bot API, LINE's Messaging API). It records every request and answers with
 * what the test set up, by default {@code 200 {"ok":true,"result":true}}.
 */
public final class HttpDouble implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpServer server;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final Map<String, Function<Request, Answer>> answers = new ConcurrentHashMap<>();

	private volatile Function<Request, Answer> fallback = (request) -> Answer.json(200,
			"{\"ok\":true,\"result\":true}");

	public HttpDouble() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.setExecutor(Executors.newFixedThreadPool(8));
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** Base URL, e.g. {@code http://127.0.0.1:41234}. */
	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * Answers requests whose path ends with the suffix (later calls override earlier
	 * ones).
	 * @param pathSuffix e.g. {@code /sendmessage}
	 * @param answer what to answer
	 */
	public void answer(String pathSuffix, Function<Request, Answer> answer) {
		this.answers.put(pathSuffix, answer);
	}

	/** Answers every request that has no specific answer. */
	public void answerOthers(Function<Request, Answer> answer) {
		this.fallback = answer;
	}

	/** Every request so far, oldest first. */
	public List<Request> requests() {
		return new ArrayList<>(this.requests);
	}

	/** Requests whose path ends with the suffix. */
	public List<Request> requests(String pathSuffix) {
		return this.requests.stream().filter((request) -> request.path().endsWith(pathSuffix)).toList();
	}

	/** Forgets the requests recorded so far and the answers set up. */
	public void reset() {
		this.requests.clear();
		this.answers.clear();
		this.fallback = (request) -> Answer.json(200, "{\"ok\":true,\"result\":true}");
	}

	/**
	 * Waits until requests matching the predicate number at least {@code count}.
	 * @return the matching requests
	 */
	public List<Request> await(Predicate<Request> predicate, int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			List<Request> matching = this.requests.stream().filter(predicate).toList();
			if (matching.size() >= count || System.nanoTime() > deadline) {
				return matching;
			}
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return matching;
			}
		}
	}

	private void handle(HttpExchange exchange) throws IOException {
		byte[] body = exchange.getRequestBody().readAllBytes();
		Map<String, String> headers = new ConcurrentHashMap<>();
		exchange.getRequestHeaders()
			.forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
		Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
				exchange.getRequestURI().getRawQuery(), headers, new String(body, StandardCharsets.UTF_8),
				System.nanoTime());
		this.requests.add(request);
		Function<Request, Answer> answer = this.answers.entrySet()
			.stream()
			.filter((entry) -> request.path().endsWith(entry.getKey()))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(this.fallback);
		Answer result = answer.apply(request);
		if (result.delay() != null) {
			try {
				Thread.sleep(result.delay().toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		byte[] bytes = result.body().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(result.status(), (bytes.length == 0) ? -1 : bytes.length);
		if (bytes.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
		exchange.close();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/**
	 * A recorded request.
	 *
	 * @param method HTTP method
	 * @param path the path
	 * @param query the raw query, or null
	 * @param headers headers, names in lower case
	 * @param body the body as text
	 * @param receivedNanos when it arrived ({@link System#nanoTime()})
	 */
	public record Request(String method, String path, String query, Map<String, String> headers, String body,
			long receivedNanos) {

		/** The body parsed as JSON. */
		public JsonNode json() {
			try {
				return JSON.readTree(this.body);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Not JSON: " + this.body, ex);
			}
		}

	}

	/**
	 * An answer to give.
	 *
	 * @param status HTTP status
	 * @param body JSON body
	 * @param delay how long to wait before answering, or null
	 */
	public record Answer(int status, String body, Duration delay) {

		public static Answer json(int status, String body) {
			return new Answer(status, body, null);
		}

	}

}
