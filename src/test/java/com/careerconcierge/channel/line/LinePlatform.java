package com.careerconcierge.channel.line;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * LINE's side of the webhook: builds events from the JSON payloads under
 * {@code src/test/resources/line/}, signs them like the platform does
 * (Base64(HMAC-SHA256(channel secret, raw body))) and posts them with real HTTP.
 */
public final class LinePlatform {

	private static final AtomicLong EVENT_SEQUENCE = new AtomicLong();

	private final HttpClient http = HttpClient.newHttpClient();

	private final URI webhook;

	private final String secret;

	public LinePlatform(int port, String secret) {
		this.webhook = URI.create("http://127.0.0.1:" + port + "/line/webhook");
		this.secret = secret;
	}

	/** A new, unique {@code webhookEventId} (LINE uses ULIDs). */
	public static String newEventId() {
		return String.format("01JGZ%021d", EVENT_SEQUENCE.incrementAndGet());
	}

	/**
	 * A payload from {@code src/test/resources/line/<name>.json} with its placeholders
	 * filled in; a fresh event id and reply token unless given.
	 */
	public static String payload(String name, Map<String, String> values) {
		Map<String, String> all = new LinkedHashMap<>();
		all.put("eventId", newEventId());
		all.put("replyToken", UUID.randomUUID().toString().replace("-", ""));
		all.put("redelivery", "false");
		all.put("timestamp", String.valueOf(System.currentTimeMillis()));
		all.putAll(values);
		String template = read(name);
		for (Map.Entry<String, String> value : all.entrySet()) {
			String replacement = value.getKey().equals("redelivery") ? value.getValue()
					: new String(JsonStringEncoder.getInstance().quoteAsString(value.getValue()));
			template = template.replace("{{" + value.getKey() + "}}", replacement);
		}
		if (template.contains("{{")) {
			throw new IllegalArgumentException("Unfilled placeholder in " + name + ": " + template);
		}
		return template;
	}

	public Response follow(String userId) {
		return post(payload("follow", Map.of("userId", userId)));
	}

	Response unfollow(String userId) {
		return post(payload("unfollow", Map.of("userId", userId)));
	}

	public Response postback(String userId, String data) {
		return post(payload("postback", Map.of("userId", userId, "data", data)));
	}

	public Response text(String userId, String text) {
		return post(payload("text-message", Map.of("userId", userId, "text", text)));
	}

	Response sticker(String userId) {
		return post(payload("sticker-message", Map.of("userId", userId)));
	}

	/** Posts a body signed with the channel secret. */
	public Response post(String body) {
		return post(body, sign(this.secret, body.getBytes(StandardCharsets.UTF_8)));
	}

	/** Posts a body with the given signature header, or none if it is null. */
	Response post(String body, String signature) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.webhook)
			.header("Content-Type", "application/json; charset=utf-8")
			.header("User-Agent", "LineBotWebhook/2.0")
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
		if (signature != null) {
			request.header("x-line-signature", signature);
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static String sign(String secret, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return Base64.getEncoder().encodeToString(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String read(String name) {
		try (InputStream in = LinePlatform.class.getResourceAsStream("/line/" + name + ".json")) {
			if (in == null) {
				throw new IllegalArgumentException("No payload line/" + name + ".json");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The webhook's answer.
	 *
	 * @param status the HTTP status
	 * @param contentType the content type
	 * @param body the body
	 */
	public record Response(int status, String contentType, String body) {
	}

}
