package com.careerconcierge.support.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

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
 * Guards every request body before anything reads it:
 * <ul>
 * <li><b>size</b> — a declared {@code Content-Length} over the endpoint's
 * {@link BodyLimit} is answered 413 unread; a body of unknown length (chunked) is read
 * through a stream that fails once it grows past the limit (413 too); a form or multipart
 * body, which the container parses past that stream, must declare its length (411);</li>
 * <li><b>time</b> — a body that takes longer than {@code body-read-timeout} to arrive is
 * answered 408, and one client address may be sending only so many bodies at once (429),
 * so slow senders cannot hold every worker thread;</li>
 * <li><b>encoding</b> — a JSON body must be well-formed UTF-8: an overlong or truncated
 * sequence (which Jackson would decode, e.g. {@code C0 BC} as {@code <}) is answered
 * 400.</li>
 * </ul>
 */
class RequestBodyGuard extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(RequestBodyGuard.class);

	private final HttpProperties properties;

	private final Map<String, BodyLimit> limits;

	private final Map<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();

	private final LongSupplier nanoTime;

	RequestBodyGuard(HttpProperties properties, List<BodyLimit> limits) {
		this(properties, limits, System::nanoTime);
	}

	RequestBodyGuard(HttpProperties properties, List<BodyLimit> limits, LongSupplier nanoTime) {
		this.properties = properties;
		this.limits = limits.stream().collect(Collectors.toMap(BodyLimit::path, (limit) -> limit));
		this.nanoTime = nanoTime;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		BodyLimit declared = this.limits.get(request.getRequestURI().substring(request.getContextPath().length()));
		long limit = (declared != null) ? declared.maxSize().toBytes() : this.properties.maxBodySize().toBytes();
		long length = request.getContentLengthLong();
		boolean chunked = length < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
		if (length > limit) {
			log.warn("Refused {} {}: a body of {} bytes, over the limit of {} bytes", request.getMethod(),
					request.getRequestURI(), length, limit);
			tooLarge(request, response, limit);
			return;
		}
		if (chunked && parsedByContainer(request)) {
			// The servlet container reads form and multipart bodies itself, past any
			// stream of ours, so their size must be known before they are read.
			log.warn("Refused {} {}: a {} body without a Content-Length", request.getMethod(), request.getRequestURI(),
					request.getContentType());
			Problems.write(request, response, Problems.of(HttpStatus.LENGTH_REQUIRED, "Length Required",
					"A form or multipart body must have a Content-Length."));
			return;
		}
		if (length <= 0 && !chunked) {
			chain.doFilter(request, response);
			return;
		}
		boolean counted = declared == null || !declared.platform();
		AtomicInteger sending = counted
				? this.inProgress.computeIfAbsent(request.getRemoteAddr(), (address) -> new AtomicInteger()) : null;
		if (sending != null && sending.incrementAndGet() > this.properties.maxBodiesPerAddress()) {
			release(request.getRemoteAddr(), sending);
			log.warn("Refused {} {}: {} already sends {} bodies", request.getMethod(), request.getRequestURI(),
					request.getRemoteAddr(), this.properties.maxBodiesPerAddress());
			Problems.write(request, response, Problems.of(HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests",
					"Too many requests from this address at once."), Duration.ofSeconds(1));
			return;
		}
		// counted while the body is being read: released once it has all arrived
		Runnable done = (sending != null) ? once(() -> release(request.getRemoteAddr(), sending)) : () -> {
		};
		// A platform's webhook is read before its signature or secret is checked, and
		// must be answered 401, not 400, when those are wrong: its JSON is left to the
		// webhook's own parser.
		boolean checkUtf8 = counted && isJson(request);
		GuardedRequest guarded = new GuardedRequest(request,
				new Guard(limit, checkUtf8, this.properties.bodyReadTimeout().toNanos(), this.nanoTime, done));
		try {
			chain.doFilter(guarded, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			if (guarded.failure() == null || response.isCommitted()) {
				throw ex;
			}
			// Nothing turned the failure into an answer on the way out.
			response.reset();
			answer(request, response, guarded.failure());
		}
		finally {
			done.run();
			BodyException failure = guarded.failure();
			if (failure != null) {
				log.warn("Refused {} {}: {}", request.getMethod(), request.getRequestURI(), failure.getMessage());
				if (response.getStatus() != failure.status().value()) {
					log.error("{} {} read a refused body and answered {} instead of {}", request.getMethod(),
							request.getRequestURI(), response.getStatus(), failure.status().value());
				}
			}
		}
	}

	private static Runnable once(Runnable action) {
		AtomicBoolean ran = new AtomicBoolean();
		return () -> {
			if (ran.compareAndSet(false, true)) {
				action.run();
			}
		};
	}

	private void release(String address, AtomicInteger sending) {
		if (sending.decrementAndGet() <= 0) {
			this.inProgress.remove(address, sending);
		}
	}

	private static boolean parsedByContainer(HttpServletRequest request) {
		String type = request.getContentType();
		if (type == null) {
			return false;
		}
		type = type.strip().toLowerCase(Locale.ROOT);
		return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/");
	}

	private static boolean isJson(HttpServletRequest request) {
		String type = request.getContentType();
		if (type == null) {
			return false;
		}
		type = type.strip().toLowerCase(Locale.ROOT);
		int semicolon = type.indexOf(';');
		String base = (semicolon >= 0) ? type.substring(0, semicolon).strip() : type;
		return base.equals("application/json") || base.endsWith("+json");
	}

	private static void tooLarge(HttpServletRequest request, HttpServletResponse response, long limit)
			throws IOException {
		Problems.write(request, response,
				Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "Payload Too Large", detail(limit)));
	}

	static void answer(HttpServletRequest request, HttpServletResponse response, BodyException failure)
			throws IOException {
		Problems.write(request, response,
				Problems.of(failure.status(), failure.status().getReasonPhrase(), failure.publicDetail()));
	}

	static String detail(long limit) {
		return "The request body is larger than " + limit + " bytes.";
	}

	/**
	 * Thrown by a request's body stream once the body breaks a rule; answered with its
	 * status (see {@link RefusedBodyAdvice}, which sees it through Spring MVC).
	 */
	static class BodyException extends IOException {

		private final HttpStatus status;

		private final String publicDetail;

		BodyException(HttpStatus status, String message, String publicDetail) {
			super(message);
			this.status = status;
			this.publicDetail = publicDetail;
		}

		HttpStatus status() {
			return this.status;
		}

		String publicDetail() {
			return this.publicDetail;
		}

	}

	/**
	 * Counts, times and (for JSON) decodes the bytes read; once a rule is broken every
	 * later read fails with the same exception. It never asks the container for more than
	 * one byte past the limit.
	 */
	static final class Guard {

		private final long limit;

		private final long timeoutNanos;

		private final LongSupplier nanoTime;

		private final Utf8Check utf8;

		private long count;

		private long startedAt = -1;

		private volatile BodyException failure;

		private final Runnable done;

		Guard(long limit, boolean json, long timeoutNanos, LongSupplier nanoTime, Runnable done) {
			this.done = done;
			this.limit = limit;
			this.timeoutNanos = timeoutNanos;
			this.nanoTime = nanoTime;
			this.utf8 = json ? new Utf8Check() : null;
		}

		/** How many bytes the next read may ask for. */
		int allowed(int wanted) throws BodyException {
			check();
			if (this.startedAt < 0) {
				this.startedAt = this.nanoTime.getAsLong();
			}
			return (int) Math.min(wanted, this.limit - this.count + 1);
		}

		void read(byte[] buffer, int offset, int length) throws BodyException {
			this.count += length;
			if (this.count > this.limit) {
				fail(new BodyException(HttpStatus.PAYLOAD_TOO_LARGE,
						"a body of unknown length grew over the limit of " + this.limit + " bytes",
						detail(this.limit)));
			}
			if (this.nanoTime.getAsLong() - this.startedAt > this.timeoutNanos) {
				fail(new BodyException(HttpStatus.REQUEST_TIMEOUT,
						"the body took longer than " + Duration.ofNanos(this.timeoutNanos).toSeconds() + " s to arrive",
						"The request body arrived too slowly."));
			}
			if (this.utf8 != null && !this.utf8.accept(buffer, offset, length)) {
				fail(new BodyException(HttpStatus.BAD_REQUEST, "a JSON body that is not well-formed UTF-8",
						"The request body is not well-formed UTF-8."));
			}
		}

		void end() throws BodyException {
			this.done.run();
			if (this.utf8 != null && !this.utf8.complete()) {
				fail(new BodyException(HttpStatus.BAD_REQUEST, "a JSON body that ends inside a UTF-8 sequence",
						"The request body is not well-formed UTF-8."));
			}
		}

		private void check() throws BodyException {
			if (this.failure != null) {
				throw this.failure;
			}
		}

		private void fail(BodyException ex) throws BodyException {
			this.failure = ex;
			throw ex;
		}

		BodyException failure() {
			return this.failure;
		}

	}

	/**
	 * Checks that bytes are well-formed UTF-8 as the Unicode standard defines it (table
	 * 3-7): no overlong forms, no surrogates, nothing past U+10FFFF.
	 */
	static final class Utf8Check {

		/** Continuation bytes still expected. */
		private int pending;

		/** The allowed range of the next byte (narrower after E0, ED, F0, F4). */
		private int low = 0x80;

		private int high = 0xBF;

		boolean accept(byte[] bytes, int offset, int length) {
			for (int i = offset; i < offset + length; i++) {
				int b = bytes[i] & 0xFF;
				if (this.pending > 0) {
					if (b < this.low || b > this.high) {
						return false;
					}
					this.low = 0x80;
					this.high = 0xBF;
					this.pending--;
				}
				else if (b < 0x80) {
					continue;
				}
				else if (b >= 0xC2 && b <= 0xDF) {
					this.pending = 1;
				}
				else if (b >= 0xE0 && b <= 0xEF) {
					this.pending = 2;
					this.low = (b == 0xE0) ? 0xA0 : 0x80;
					this.high = (b == 0xED) ? 0x9F : 0xBF;
				}
				else if (b >= 0xF0 && b <= 0xF4) {
					this.pending = 3;
					this.low = (b == 0xF0) ? 0x90 : 0x80;
					this.high = (b == 0xF4) ? 0x8F : 0xBF;
				}
				else {
					return false;
				}
			}
			return true;
		}

		boolean complete() {
			return this.pending == 0;
		}

	}

	/**
	 * The request with its body, as a stream or a reader, read through the guard.
	 */
	private static final class GuardedRequest extends HttpServletRequestWrapper {

		private final Guard guard;

		private GuardedInputStream stream;

		private BufferedReader reader;

		GuardedRequest(HttpServletRequest request, Guard guard) {
			super(request);
			this.guard = guard;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new GuardedInputStream(super.getInputStream(), this.guard);
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

		BodyException failure() {
			return this.guard.failure();
		}

	}

	private static final class GuardedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final Guard guard;

		private final byte[] one = new byte[1];

		GuardedInputStream(ServletInputStream delegate, Guard guard) {
			this.delegate = delegate;
			this.guard = guard;
		}

		@Override
		public int read() throws IOException {
			int read = read(this.one, 0, 1);
			return (read < 0) ? -1 : (this.one[0] & 0xFF);
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (length == 0) {
				return 0;
			}
			int read = this.delegate.read(buffer, offset, this.guard.allowed(length));
			if (read > 0) {
				this.guard.read(buffer, offset, read);
			}
			else if (read < 0) {
				this.guard.end();
			}
			return read;
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
			return this.guard.failure() != null || this.delegate.isFinished();
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
