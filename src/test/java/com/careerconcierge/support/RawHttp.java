package com.careerconcierge.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as written: no client in between normalises
 * the path, fixes the encoding or adds headers (what an attacker's
 * {@code curl --path-as-is} does).
 */
public final class RawHttp {

	private final int port;

	public RawHttp(int port) {
		this.port = port;
	}

	/**
	 * Sends one request and reads the whole answer.
	 * @param head the request line and headers, without the blank line; {@code Host} and
	 * {@code Connection: close} are added
	 * @param body the body, or null
	 * @return the answer
	 */
	public Answer send(String head, byte[] body) {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(15_000);
			OutputStream out = socket.getOutputStream();
			StringBuilder request = new StringBuilder(head).append("\r\nHost: 127.0.0.1:")
				.append(this.port)
				.append("\r\nConnection: close\r\n");
			if (body != null) {
				request.append("Content-Length: ").append(body.length).append("\r\n");
			}
			request.append("\r\n");
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			if (body != null) {
				out.write(body);
			}
			out.flush();
			return read(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A GET with the given path and extra header lines. */
	public Answer get(String path, String... headers) {
		return send("GET " + path + " HTTP/1.1" + lines(headers), null);
	}

	/** A POST of a JSON body, with extra header lines. */
	public Answer postJson(String path, byte[] body, String... headers) {
		return send("POST " + path + " HTTP/1.1\r\nContent-Type: application/json" + lines(headers), body);
	}

	private static String lines(String... headers) {
		StringBuilder lines = new StringBuilder();
		for (String header : headers) {
			lines.append("\r\n").append(header);
		}
		return lines.toString();
	}

	static Answer read(InputStream in) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		in.transferTo(all);
		String text = all.toString(StandardCharsets.UTF_8);
		int end = text.indexOf("\r\n\r\n");
		String head = (end >= 0) ? text.substring(0, end) : text;
		String body = (end >= 0) ? text.substring(end + 4) : "";
		String[] lines = head.split("\r\n");
		int status = (lines[0].length() >= 12) ? Integer.parseInt(lines[0].substring(9, 12)) : 0;
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon > 0) {
				headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).strip());
			}
		}
		return new Answer(status, headers, body);
	}

	/**
	 * An answer.
	 *
	 * @param status the status code
	 * @param headers the headers, names in lower case
	 * @param body the body as text (chunked framing left in)
	 */
	public record Answer(int status, Map<String, String> headers, String body) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

}
