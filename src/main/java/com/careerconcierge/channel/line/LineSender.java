package com.careerconcierge.channel.line;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import com.careerconcierge.consultation.Attempt;
import com.linecorp.bot.client.base.Result;
import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.messaging.client.MessagingApiClientException;
import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.messaging.model.PushMessageRequest;
import com.linecorp.bot.messaging.model.ReplyMessageRequest;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes Messaging API calls for the outbox, one per call, and says how each went: a reply
 * with the event's reply token, or a push with a retry key (the same key on every attempt
 * of one batch, so LINE drops a duplicate if an attempt that seemed to fail went
 * through).
 */
class LineSender {

	private static final Logger log = LoggerFactory.getLogger(LineSender.class);

	/** LINE's answer to a reply token that is unknown, used or expired. */
	private static final int INVALID_REPLY_TOKEN = 400;

	/** LINE's answer to a push whose retry key an earlier attempt already used. */
	private static final int ALREADY_ACCEPTED = 409;

	private static final int TOO_MANY_REQUESTS = 429;

	private final MessagingApiClient client;

	private final MeterRegistry meters;

	LineSender(MessagingApiClient client, MeterRegistry meters) {
		this.client = client;
		this.meters = meters;
	}

	/**
	 * Replies with a reply token (free of charge, valid for about a minute).
	 * @return delivered; null if LINE did not take the token (push instead); a retry if
	 * LINE could not be reached or was overloaded
	 */
	Attempt reply(String replyToken, String to, List<Message> batch) {
		try {
			call(this.client.replyMessage(new ReplyMessageRequest(replyToken, batch, false)));
			count("reply", "ok");
			return Attempt.delivered();
		}
		catch (MessagingApiClientException ex) {
			if (ex.getCode() == INVALID_REPLY_TOKEN) {
				// Expired, already used, or from a redelivered event.
				count("reply", "fallback");
				log.info("LINE did not accept the reply token for {} ({}); pushing instead", to, ex.getError());
				return null;
			}
			count("reply", "failed");
			return failed("reply", to, ex.getCode(), ex.getError());
		}
		catch (IOException ex) {
			count("reply", "failed");
			log.info("Could not reply to {} on LINE: {}", to, ex.getClass().getSimpleName());
			return Attempt.retry(null, ex.getClass().getSimpleName());
		}
	}

	/**
	 * Pushes a batch (counts against the channel's monthly quota).
	 * @param retryKey the same for every attempt of this batch
	 */
	Attempt push(String to, List<Message> batch, UUID retryKey) {
		try {
			call(this.client.pushMessage(retryKey, new PushMessageRequest(to, batch, false, null)));
			count("push", "ok");
			return Attempt.delivered();
		}
		catch (MessagingApiClientException ex) {
			if (ex.getCode() == ALREADY_ACCEPTED) {
				count("push", "ok");
				return Attempt.delivered();
			}
			count("push", "failed");
			return failed("push", to, ex.getCode(), ex.getError());
		}
		catch (IOException ex) {
			count("push", "failed");
			log.info("Could not push to {} on LINE: {}", to, ex.getClass().getSimpleName());
			return Attempt.retry(null, ex.getClass().getSimpleName());
		}
	}

	private static Attempt failed(String api, String to, int code, Object error) {
		log.info("LINE answered {} to a {} to {}: {}", code, api, to, error);
		if (code == TOO_MANY_REQUESTS || code >= 500) {
			return Attempt.retry(null, "error " + code);
		}
		return Attempt.refused("error " + code);
	}

	private void count(String api, String outcome) {
		this.meters.counter("concierge.line.calls", "api", api, "outcome", outcome).increment();
	}

	private static <T> T call(CompletableFuture<Result<T>> call) throws IOException {
		try {
			Result<T> result = call.get();
			return (result != null) ? result.body() : null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while waiting for LINE");
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			while ((cause instanceof CompletionException || cause instanceof ExecutionException)
					&& cause.getCause() != null) {
				cause = cause.getCause();
			}
			if (cause instanceof IOException io) {
				throw io;
			}
			throw new IOException(cause);
		}
	}

}
