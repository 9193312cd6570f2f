package com.careerconcierge.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * An OpenID Connect provider on a real port, standing in for the agency's identity
 * provider: discovery, an authorization endpoint that signs in whoever the test says (the
 * person's own sign-in at the provider is not what is under test), a token endpoint that
 * checks the client's secret and the code, and a key set for the RS256-signed ID tokens.
 */
public final class OidcProvider implements AutoCloseable {

	public static final String CLIENT_ID = "career-concierge-desk";

	public static final String CLIENT_SECRET = "desk-client-secret-for-tests";

	private final HttpServer server;

	private final RSAKey key;

	private final Map<String, Grant> codes = new ConcurrentHashMap<>();

	private volatile Map<String, Object> nextUser = Map.of();

	private record Grant(Map<String, Object> claims, String nonce) {
	}

	public OidcProvider() {
		try {
			this.key = new RSAKeyGenerator(2048).keyID("test-key").generate();
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException | JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.setExecutor(Executors.newFixedThreadPool(2));
		this.server.createContext("/.well-known/openid-configuration", this::discovery);
		this.server.createContext("/authorize", this::authorize);
		this.server.createContext("/token", this::token);
		this.server.createContext("/jwks", (exchange) -> send(exchange, 200, new JWKSet(this.key).toString(true)));
		this.server.start();
	}

	public String issuer() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** The claims of whoever signs in at the provider next (besides sub, iss, aud…). */
	public void signsInAs(Map<String, Object> claims) {
		this.nextUser = Map.copyOf(claims);
	}

	private void discovery(HttpExchange exchange) throws IOException {
		String issuer = issuer();
		send(exchange, 200, """
				{"issuer":"%1$s","authorization_endpoint":"%1$s/authorize","token_endpoint":"%1$s/token",
				 "jwks_uri":"%1$s/jwks","response_types_supported":["code"],"subject_types_supported":["public"],
				 "id_token_signing_alg_values_supported":["RS256"],"scopes_supported":["openid"],
				 "token_endpoint_auth_methods_supported":["client_secret_basic"]}
				""".formatted(issuer));
	}

	private void authorize(HttpExchange exchange) throws IOException {
		Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
		if (!CLIENT_ID.equals(query.get("client_id")) || !"code".equals(query.get("response_type"))) {
			send(exchange, 400, "{\"error\":\"invalid_request\"}");
			return;
		}
		String code = UUID.randomUUID().toString();
		this.codes.put(code, new Grant(this.nextUser, query.get("nonce")));
		String back = UriComponentsBuilder.fromUriString(query.get("redirect_uri"))
			.queryParam("code", code)
			.queryParam("state", query.get("state"))
			.build()
			.encode()
			.toUriString();
		exchange.getResponseHeaders().add("Location", back);
		exchange.sendResponseHeaders(302, -1);
		exchange.close();
	}

	private void token(HttpExchange exchange) throws IOException {
		String expected = "Basic " + java.util.Base64.getEncoder()
			.encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
		if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
			send(exchange, 401, "{\"error\":\"invalid_client\"}");
			return;
		}
		Map<String, String> body = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
		Grant grant = this.codes.remove(String.valueOf(body.get("code")));
		if (grant == null || !"authorization_code".equals(body.get("grant_type"))) {
			send(exchange, 400, "{\"error\":\"invalid_grant\"}");
			return;
		}
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer())
			.subject("sub-" + grant.claims().getOrDefault("email", grant.claims().get("preferred_username")))
			.audience(List.of(CLIENT_ID))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)));
		if (grant.nonce() != null) {
			claims.claim("nonce", grant.nonce());
		}
		grant.claims().forEach(claims::claim);
		try {
			SignedJWT token = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.key.getKeyID()).build(), claims.build());
			token.sign(new RSASSASigner(this.key));
			send(exchange, 200, """
					{"access_token":"%s","token_type":"Bearer","expires_in":300,"scope":"openid","id_token":"%s"}
					""".formatted(UUID.randomUUID(), token.serialize()));
		}
		catch (JOSEException ex) {
			send(exchange, 500, "{\"error\":\"server_error\"}");
		}
	}

	private static Map<String, String> form(String encoded) {
		Map<String, String> values = new HashMap<>();
		if (encoded == null) {
			return values;
		}
		for (String pair : encoded.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return values;
	}

	private static void send(HttpExchange exchange, int status, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
