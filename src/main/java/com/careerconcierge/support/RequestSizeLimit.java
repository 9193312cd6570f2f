package com.careerconcierge.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps request bodies within {@link HttpProperties}: a declared {@code Content-Length}
 * over the limit is answered 413 before anything reads the body, and a body of unknown
 * length (chunked) is read through a stream that fails once it grows past the limit,
 * which is answered 413 too (see {@link PayloadTooLargeAdvice}). A form or multipart
 * body, which the container parses without that stream, must declare its length (411).
 */
class RequestSizeLimit extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(RequestSizeLimit.class);

	private final HttpProperties limits;

	private final ObjectMapper json;

	RequestSizeLimit(HttpProperties limits, ObjectMapper json) {
		this.limits = limits;
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long limit = limitFor(request);
		long declared = request.getContentLengthLong();
		if (declared > limit) {
			log.warn("Refused {} {}: a body of {} bytes, over the limit of {} bytes", request.getMethod(),
					request.getRequestURI(), declared, limit);
			tooLarge(request, response, limit);
			return;
		}
		if (declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null && parsedByContainer(request)) {
			// The servlet container reads form and multipart bodies itself, past any
			// stream of ours, so their size must be known before they are read.
			log.warn("Refused {} {}: a {} body without a Content-Length", request.getMethod(), request.getRequestURI(),
					request.getContentType());
			problem(request, response, HttpStatus.LENGTH_REQUIRED,
					"A form or multipart body must have a Content-Length.");
			return;
		}
		if (declared == 0) {
			chain.doFilter(request, response);
			return;
		}
		LimitedRequest limited = new LimitedRequest(request, limit);
		try {
			chain.doFilter(limited, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			if (!limited.exceeded() || response.isCommitted()) {
				throw ex;
			}
			// Nothing turned the overflow into an answer on the way out.
			response.reset();
			tooLarge(request, response, limit);
		}
		finally {
			if (limited.exceeded()) {
				log.warn("Refused {} {}: a body of unknown length grew over the limit of {} bytes", request.getMethod(),
						request.getRequestURI(), limit);
				if (response.getStatus() != HttpStatus.PAYLOAD_TOO_LARGE.value()) {
					log.error("{} {} read a body over the limit and answered {} instead of 413", request.getMethod(),
							request.getRequestURI(), response.getStatus());
				}
			}
		}
	}

	private long limitFor(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		// Other spellings of these paths get the default, which is the smallest.
		return switch (path) {
			case "/telegram/webhook" -> this.limits.maxTelegramBodySize().toBytes();
			case "/line/webhook" -> this.limits.maxLineBodySize().toBytes();
			default -> this.limits.maxBodySize().toBytes();
		};
	}

	private static boolean parsedByContainer(HttpServletRequest request) {
		String type = request.getContentType();
		if (type == null) {
			return false;
		}
		type = type.strip().toLowerCase(Locale.ROOT);
		return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/");
	}

	private void tooLarge(HttpServletRequest request, HttpServletResponse response, long limit) throws IOException {
		problem(request, response, HttpStatus.PAYLOAD_TOO_LARGE, detail(limit));
	}

	private void problem(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
			throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		response.setStatus(status.value());
		response.setContentType("application/problem+json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getOutputStream().write(this.json.writeValueAsBytes(problem));
		// Out now: the container swallows what is left of the body only after this, and
		// closes the connection without an answer if there is too much of it.
		response.flushBuffer();
	}

	static String detail(long limit) {
		return "The request body is larger than " + limit + " bytes.";
	}

	/**
	 * Thrown by a request's body stream once more than the limit has been read.
	 */
	static class BodyTooLargeException extends IOException {

		private final long limit;

		BodyTooLargeException(long limit) {
			super("The request body is over the limit of " + limit + " bytes");
			this.limit = limit;
		}

		long limit() {
			return this.limit;
		}

	}

	/**
	 * The request with its body, as a stream or a reader, counted against the limit.
	 */
	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long limit;

		private LimitedInputStream stream;

		private BufferedReader reader;

		LimitedRequest(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedInputStream(super.getInputStream(), this.limit);
			}
			return this.stream;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			// The container's own reader would not go through the stream above.
			if (this.reader == null) {
				this.reader = new BufferedReader(new InputStreamReader(getInputStream(), charset()));
			}
			return this.reader;
		}

		private Charset charset() throws UnsupportedEncodingException {
			String encoding = getCharacterEncoding();
			if (encoding == null) {
				return StandardCharsets.ISO_8859_1; // the Servlet specification's default
			}
			try {
				return Charset.forName(encoding);
			}
			catch (IllegalArgumentException ex) {
				throw new UnsupportedEncodingException(encoding);
			}
		}

		boolean exceeded() {
			return this.stream != null && this.stream.exceeded;
		}

	}

	/**
	 * Counts the bytes read and fails, for good, once they are more than the limit; it
	 * never asks the container for more than one byte past the limit.
	 */
	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long limit;

		private long count;

		private volatile boolean exceeded;

		LimitedInputStream(ServletInputStream delegate, long limit) {
			this.delegate = delegate;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			checkNotExceeded();
			int read = this.delegate.read();
			if (read >= 0) {
				counted(1);
			}
			return read;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			checkNotExceeded();
			if (length == 0) {
				return 0;
			}
			int allowed = (int) Math.min(length, this.limit - this.count + 1);
			int read = this.delegate.read(buffer, offset, allowed);
			if (read > 0) {
				counted(read);
			}
			return read;
		}

		private void counted(int read) throws BodyTooLargeException {
			this.count += read;
			checkNotExceeded();
		}

		private void checkNotExceeded() throws BodyTooLargeException {
			if (this.exceeded || this.count > this.limit) {
				this.exceeded = true;
				throw new BodyTooLargeException(this.limit);
			}
		}

		@Override
		public int available() throws IOException {
			return this.delegate.available();
		}

		@Override
		public void close() throws IOException {
			this.delegate.close();
		}

		@Override
		public boolean isFinished() {
			return this.exceeded || this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
