package com.careerconcierge.support;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * A job seeker on the web chat, driving the real HTTP API like the page does.
 */
public final class WebChat {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final RestClient http;

	private String sessionId;

	private JsonNode last;

	private final String baseUrl;

	public WebChat(int port) {
		this.baseUrl = "http://127.0.0.1:" + port;
		this.http = RestClient.builder()
			.baseUrl(this.baseUrl)
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			})
			.build();
	}

	/** Opens a new session and returns the welcome texts. */
	public List<String> open() {
		Response response = post("/api/chat/sessions", null);
		if (response.status() != 201) {
			throw new IllegalStateException("Could not open a session: " + response);
		}
		this.sessionId = response.body().get("sessionId").asText();
		this.last = response.body();
		return texts();
	}

	/**
	 * Opens a session and goes through the consultation to the plan by its buttons: pay,
	 * communication, an episode, 経理.
	 * @return this user, at the plan
	 */
	public WebChat throughToThePlan() {
		open();
		postback("cmd:begin");
		postback("concern:pay");
		postback("cmd:next");
		postback("strength:communication");
		postback("cmd:next");
		say("月に100件の新規電話でアポを取り続けた");
		postback("role:accounting");
		return this;
	}

	/** Continues a session opened elsewhere (e.g. before a restart). */
	public WebChat resume(String sessionId) {
		this.sessionId = sessionId;
		return this;
	}

	public String sessionId() {
		return this.sessionId;
	}

	/** Types text; returns the bot's texts. */
	public List<String> say(String text) {
		return expectOk(send(Map.of("text", text)));
	}

	/**
	 * Presses the button with this label among the last offered; returns the bot's texts.
	 */
	public List<String> press(String label) {
		String postback = choices().stream()
			.filter((choice) -> choice.get("label").asText().equals(label))
			.map((choice) -> choice.get("postback").asText())
			.findFirst()
			.orElseThrow(() -> new AssertionError("No button '" + label + "' among " + labels()));
		return expectOk(send(Map.of("postback", postback)));
	}

	/** Sends a raw postback; returns the bot's texts. */
	public List<String> postback(String postback) {
		return expectOk(send(Map.of("postback", postback)));
	}

	/** Sends any JSON body to this session's messages endpoint. */
	public Response send(Object body) {
		return post("/api/chat/sessions/" + this.sessionId + "/messages", body);
	}

	/** Sends a raw body with a content type. */
	public Response sendRaw(String body, MediaType type) {
		return this.http.post()
			.uri("/api/chat/sessions/" + this.sessionId + "/messages")
			.contentType(type)
			.body(body)
			.exchange((request, response) -> new Response(response.getStatusCode().value(),
					String.valueOf(response.getHeaders().getContentType()), read(response.getBody().readAllBytes())));
	}

	/**
	 * Opens this session's event stream (messages that arrive later, e.g. from an agent).
	 */
	public EventStream events() {
		return EventStream.open(this.baseUrl + "/api/chat/sessions/" + this.sessionId + "/events", null);
	}

	/** Labels of the buttons offered with the last message that had any. */
	public List<String> labels() {
		return choices().stream().map((choice) -> choice.get("label").asText()).toList();
	}

	/** All texts of the last answer, joined. */
	public String lastText() {
		return String.join("\n", texts());
	}

	private List<JsonNode> choices() {
		List<JsonNode> found = List.of();
		for (JsonNode message : this.last.get("messages")) {
			if (message.has("choices") && !message.get("choices").isEmpty()) {
				found = List.copyOf(iterable(message.get("choices")));
			}
		}
		return found;
	}

	private List<String> texts() {
		return iterable(this.last.get("messages")).stream().map((message) -> message.get("text").asText()).toList();
	}

	private List<String> expectOk(Response response) {
		if (response.status() != 200) {
			throw new AssertionError("Expected 200 but got " + response);
		}
		this.last = response.body();
		return texts();
	}

	private Response post(String path, Object body) {
		RestClient.RequestBodySpec spec = this.http.post().uri(path).contentType(MediaType.APPLICATION_JSON);
		if (body != null) {
			spec.body(body);
		}
		return spec.exchange((request, response) -> new Response(response.getStatusCode().value(),
				String.valueOf(response.getHeaders().getContentType()), read(response.getBody().readAllBytes())));
	}

	private static JsonNode read(byte[] bytes) {
		try {
			return (bytes.length == 0) ? JSON.nullNode() : JSON.readTree(bytes);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("Not JSON: " + new String(bytes), ex);
		}
	}

	private static List<JsonNode> iterable(JsonNode node) {
		java.util.ArrayList<JsonNode> list = new java.util.ArrayList<>();
		node.forEach(list::add);
		return list;
	}

	/**
	 * An HTTP answer.
	 *
	 * @param status the status code
	 * @param contentType the content type
	 * @param body the JSON body
	 */
	public record Response(int status, String contentType, JsonNode body) {
	}

}
