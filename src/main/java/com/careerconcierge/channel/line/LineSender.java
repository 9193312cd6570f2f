package com.careerconcierge.channel.line;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

import com.careerconcierge.consultation.Reply;
import com.careerconcierge.support.KeyedExecutor;
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
 * Sends the bot's replies to LINE: with the event's reply token while LINE accepts it,
 * through the push API otherwise, and through the push API for anything sent later (an
 * agent's message).
 */
class LineSender implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LineSender.class);

	/** LINE's answer to a reply token that is unknown, used or expired. */
	private static final int INVALID_REPLY_TOKEN = 400;

	/** LINE's answer to a push whose retry key an earlier attempt already used. */
	private static final int ALREADY_ACCEPTED = 409;

	private static final int PUSH_ATTEMPTS = 2;

	private static final Duration PUSH_RETRY_PAUSE = Duration.ofMillis(500);

	private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

	private final MessagingApiClient client;

	private final MeterRegistry meters;

	/**
	 * One user's replies always take the same lane, so leave in the order they were made.
	 */
	private final KeyedExecutor lanes;

	LineSender(MessagingApiClient client, MeterRegistry meters, int lanes, int queueCapacity) {
		this.client = client;
		this.meters = meters;
		this.lanes = new KeyedExecutor("line-send", lanes, queueCapacity);
	}

	/**
	 * Pushes messages to a user now, e.g. an agent's message relayed from the console.
	 * Every push counts against the channel's monthly message quota.
	 * @param to the LINE user id (or a group or room id)
	 * @param replies the messages; the last one's choices become quick replies
	 * @throws UncheckedIOException if LINE refused the messages or could not be reached
	 */
	public void push(String to, List<Reply> replies) {
		Objects.requireNonNull(to, "to");
		for (List<Message> batch : LineMessages.batches(replies)) {
			pushBatch(to, batch);
		}
	}

	/**
	 * Sends replies to an event in the background, after the webhook has been answered;
	 * replies to one recipient leave in the order they were queued.
	 * @param replyToken the event's reply token, or null to push
	 * @param to who gets the push if the reply token is not accepted
	 * @param replies what to say; nothing is sent for none
	 */
	void reply(String replyToken, String to, List<Reply> replies) {
		Objects.requireNonNull(to, "to");
		List<List<Message>> batches = LineMessages.batches(replies);
		if (batches.isEmpty()) {
			return;
		}
		try {
			this.lanes.execute(to, () -> deliver(replyToken, to, batches));
		}
		catch (RejectedExecutionException ex) {
			count("reply", "dropped");
			log.error("Dropped {} LINE message(s) to {}: the send queue is full or closed", replies.size(), to);
		}
	}

	/**
	 * Waits until everything queued so far has been sent (or has failed).
	 * @param timeout how long to wait at most
	 * @return true if every lane went idle in time
	 */
	boolean awaitIdle(Duration timeout) {
		return this.lanes.awaitIdle(timeout);
	}

	/**
	 * Stops taking replies and sends what is queued, for a graceful shutdown.
	 */
	@Override
	public void close() {
		this.lanes.drain(SHUTDOWN_WAIT);
	}

	private void deliver(String replyToken, String to, List<List<Message>> batches) {
		List<List<Message>> rest = batches;
		if (replyToken != null) {
			try {
				call(this.client.replyMessage(new ReplyMessageRequest(replyToken, batches.get(0), false)));
				count("reply", "ok");
				rest = batches.subList(1, batches.size());
			}
			catch (MessagingApiClientException ex) {
				if (ex.getCode() != INVALID_REPLY_TOKEN) {
					count("reply", "failed");
					log.error("LINE refused a reply to {}: {} {}", to, ex.getCode(), ex.getError());
					return;
				}
				// Expired (about a minute), already used, or from a redelivered event.
				count("reply", "fallback");
				log.info("LINE did not accept the reply token for {} ({}); pushing instead", to, ex.getError());
			}
			catch (IOException ex) {
				// The reply may have arrived; pushing too could say everything twice.
				count("reply", "failed");
				log.error("Could not reply to {} on LINE: {}", to, ex.toString());
				return;
			}
		}
		try {
			for (List<Message> batch : rest) {
				pushBatch(to, batch);
			}
		}
		catch (UncheckedIOException ex) {
			log.error("Could not push to {} on LINE: {}", to, ex.getCause().toString());
		}
	}

	private void pushBatch(String to, List<Message> batch) {
		// The same retry key on every attempt lets LINE drop a duplicate (409) if an
		// attempt that seemed to fail went through.
		UUID retryKey = UUID.randomUUID();
		for (int attempt = 1;; attempt++) {
			try {
				call(this.client.pushMessage(retryKey, new PushMessageRequest(to, batch, false, null)));
				count("push", "ok");
				return;
			}
			catch (MessagingApiClientException ex) {
				if (ex.getCode() == ALREADY_ACCEPTED) {
					count("push", "ok");
					return;
				}
				if (ex.getCode() < 500 || attempt == PUSH_ATTEMPTS) {
					count("push", "failed");
					throw new UncheckedIOException(ex);
				}
			}
			catch (IOException ex) {
				if (attempt == PUSH_ATTEMPTS) {
					count("push", "failed");
					throw new UncheckedIOException(ex);
				}
			}
			pause(PUSH_RETRY_PAUSE);
		}
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

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
