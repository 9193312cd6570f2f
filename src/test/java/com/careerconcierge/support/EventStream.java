package com.careerconcierge.support;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A real server-sent-events client: opens the stream over HTTP and collects its events,
 * so a test can wait for what a browser would receive.
 */
public final class EventStream implements AutoCloseable {

	private final List<Event> events = new CopyOnWriteArrayList<>();

	private final CompletableFuture<HttpResponse<InputStream>> response;

	private volatile int status;

	private EventStream(String url, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		this.response = HttpClient.newHttpClient()
			.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
		this.response.thenAccept((answer) -> {
			this.status = answer.statusCode();
			Thread reader = new Thread(() -> read(answer.body()), "sse-reader");
			reader.setDaemon(true);
			reader.start();
		});
	}

	public static EventStream open(String url, String bearer) {
		return (bearer != null) ? withHeaders(url, "Authorization", "Bearer " + bearer) : withHeaders(url);
	}

	/**
	 * Opens a stream with request headers.
	 * @param url the stream's address
	 * @param headers names and values, alternating
	 * @return the stream, once its status is known
	 */
	public static EventStream withHeaders(String url, String... headers) {
		EventStream stream = new EventStream(url, headers);
		stream.awaitStatus();
		return stream;
	}

	public int status() {
		return this.status;
	}

	private void awaitStatus() {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (this.status == 0 && System.nanoTime() < deadline) {
			pause();
		}
	}

	private void read(InputStream body) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
			String name = "message";
			StringBuilder data = new StringBuilder();
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.isEmpty()) {
					if (data.length() > 0) {
						this.events.add(new Event(name, data.toString()));
					}
					name = "message";
					data.setLength(0);
				}
				else if (line.startsWith("event:")) {
					name = line.substring(6).strip();
				}
				else if (line.startsWith("data:")) {
					if (data.length() > 0) {
						data.append('\n');
					}
					data.append(line.substring(5).strip());
				}
			}
		}
		catch (Exception ex) {
			// stream closed
		}
	}

	public List<Event> events() {
		return new ArrayList<>(this.events);
	}

	/** Waits for an event matching the predicate and returns it. */
	public Event await(Predicate<Event> predicate) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			for (Event event : this.events) {
				if (predicate.test(event)) {
					return event;
				}
			}
			pause();
		}
		throw new AssertionError("No matching event within 10 s; received " + this.events);
	}

	public Event await(String name, String dataContains) {
		return await((event) -> event.name().equals(name) && event.data().contains(dataContains));
	}

	private static void pause() {
		try {
			Thread.sleep(10);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.response.thenAccept((answer) -> {
			try {
				answer.body().close();
			}
			catch (Exception ex) {
				// already closed
			}
		});
	}

	/**
	 * One event.
	 *
	 * @param name the event name ({@code message} when none was given)
	 * @param data its data
	 */
	public record Event(String name, String data) {
	}

}
