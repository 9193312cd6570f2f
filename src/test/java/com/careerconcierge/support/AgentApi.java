package com.careerconcierge.support;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * A career agent using the agent REST API with a bearer token.
 */
public final class AgentApi {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final RestClient http;

	private final String base;

	private final String token;

	public AgentApi(int port, String token) {
		this.base = "http://127.0.0.1:" + port;
		this.token = token;
		this.http = RestClient.builder()
			.baseUrl(this.base)
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			})
			.build();
	}

	public WebChat.Response get(String path) {
		RestClient.RequestHeadersSpec<?> spec = this.http.get().uri(path);
		if (this.token != null) {
			spec.header("Authorization", "Bearer " + this.token);
		}
		return spec.exchange((request, response) -> new WebChat.Response(response.getStatusCode().value(),
				String.valueOf(response.getHeaders().getContentType()), read(response.getBody().readAllBytes())));
	}

	public WebChat.Response post(String path, String body) {
		RestClient.RequestBodySpec spec = this.http.post().uri(path).contentType(MediaType.APPLICATION_JSON);
		if (this.token != null) {
			spec.header("Authorization", "Bearer " + this.token);
		}
		if (body != null) {
			spec.body(body);
		}
		return spec.exchange((request, response) -> new WebChat.Response(response.getStatusCode().value(),
				String.valueOf(response.getHeaders().getContentType()), read(response.getBody().readAllBytes())));
	}

	public WebChat.Response put(String path, String body) {
		RestClient.RequestBodySpec spec = this.http.put().uri(path).contentType(MediaType.APPLICATION_JSON);
		if (this.token != null) {
			spec.header("Authorization", "Bearer " + this.token);
		}
		spec.body(body);
		return spec.exchange((request, response) -> new WebChat.Response(response.getStatusCode().value(),
				String.valueOf(response.getHeaders().getContentType()), read(response.getBody().readAllBytes())));
	}

	public WebChat.Response delete(String path) {
		RestClient.RequestHeadersSpec<?> spec = this.http.delete().uri(java.net.URI.create(this.base + path));
		if (this.token != null) {
			spec.header("Authorization", "Bearer " + this.token);
		}
		return spec.exchange((request, response) -> new WebChat.Response(response.getStatusCode().value(),
				String.valueOf(response.getHeaders().getContentType()), read(response.getBody().readAllBytes())));
	}

	public JsonNode waiting() {
		return ok(get("/api/agent/handoffs?status=waiting"));
	}

	public WebChat.Response claim(String id) {
		return post("/api/agent/handoffs/" + id + "/claim", null);
	}

	public WebChat.Response say(String id, String text) {
		return post("/api/agent/handoffs/" + id + "/messages", JSON.createObjectNode().put("text", text).toString());
	}

	public WebChat.Response release(String id) {
		return post("/api/agent/handoffs/" + id + "/release", null);
	}

	public WebChat.Response close(String id) {
		return post("/api/agent/handoffs/" + id + "/close", null);
	}

	public EventStream events() {
		return EventStream.open(this.base + "/api/agent/events", this.token);
	}

	public static JsonNode ok(WebChat.Response response) {
		if (response.status() != 200) {
			throw new AssertionError("Expected 200 but got " + response);
		}
		return response.body();
	}

	private static JsonNode read(byte[] bytes) {
		try {
			return (bytes.length == 0) ? JSON.nullNode() : JSON.readTree(bytes);
		}
		catch (IOException ex) {
			return JSON.getNodeFactory().textNode(new String(bytes));
		}
	}

}
