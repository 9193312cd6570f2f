package com.careerconcierge.channel.line;

import java.io.IOException;

import com.linecorp.bot.parser.LineSignatureValidator;
import com.linecorp.bot.parser.WebhookParseException;
import com.linecorp.bot.parser.WebhookParser;
import com.linecorp.bot.webhook.model.CallbackRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * LINE's webhook: checks {@code x-line-signature} on the raw body before anything is
 * parsed, then handles the events in order and answers 200. A storage failure answers 503
 * (see {@code ProblemAdvice}) so that LINE delivers again; handled events are not handled
 * twice.
 */
@RestController
@Conditional(LineChannelCondition.class)
class LineWebhookController {

	private static final Logger log = LoggerFactory.getLogger(LineWebhookController.class);

	private final LineSignatureValidator signatures;

	private final WebhookParser parser;

	private final LineEvents events;

	LineWebhookController(LineSignatureValidator signatures, WebhookParser parser, LineEvents events) {
		this.signatures = signatures;
		this.parser = parser;
		this.events = events;
	}

	@PostMapping("/line/webhook")
	ResponseEntity<Void> receive(
			@RequestHeader(name = WebhookParser.SIGNATURE_HEADER_NAME, required = false) String signature,
			@RequestBody(required = false) byte[] body) {
		byte[] raw = (body != null) ? body : new byte[0];
		verify(signature, raw);
		this.events.handle(parse(signature, raw).events());
		return ResponseEntity.ok().build();
	}

	private void verify(String signature, byte[] raw) {
		if (signature == null || signature.isBlank()) {
			throw new SignatureException("no x-line-signature header");
		}
		boolean valid;
		try {
			valid = this.signatures.validateSignature(raw, signature.strip());
		}
		catch (IllegalArgumentException ex) {
			// not Base64
			valid = false;
		}
		if (!valid) {
			throw new SignatureException("the signature does not match the body");
		}
	}

	private CallbackRequest parse(String signature, byte[] raw) {
		try {
			// The parser checks the signature once more before it reads the JSON.
			return this.parser.handle(signature.strip(), raw);
		}
		catch (WebhookParseException | IOException ex) {
			throw new MalformedWebhookException(ex.getMessage());
		}
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unsigned(SignatureException ex) {
		log.warn("Rejected a LINE webhook call: {}", ex.getMessage());
		return problem(HttpStatus.UNAUTHORIZED, "Invalid signature",
				"The x-line-signature header is missing or does not match the body.");
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> malformed(MalformedWebhookException ex) {
		log.warn("Rejected a signed LINE webhook call that is not a webhook body: {}", ex.getMessage());
		return problem(HttpStatus.BAD_REQUEST, "Invalid webhook body", "The body is not a LINE webhook request.");
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return ResponseEntity.status(status).body(problem);
	}

	/** The request is not signed with the channel secret. */
	static class SignatureException extends RuntimeException {

		SignatureException(String message) {
			super(message);
		}

	}

	/** A correctly signed body that is not a webhook request. */
	static class MalformedWebhookException extends RuntimeException {

		MalformedWebhookException(String message) {
			super(message);
		}

	}

}
