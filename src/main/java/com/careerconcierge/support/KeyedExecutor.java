package com.careerconcierge.support;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Runs tasks by key: tasks of one key (a user, a chat) run one after another in the order
 * they were submitted, tasks of different keys in parallel on a shared set of threads.
 * Each key waits only for its own earlier tasks and for a free thread, never behind
 * another key's queue: with fixed lanes chosen by hash, nearby chat ids shared lanes (64
 * chats of the Telegram harness landed on 16 of 32), and a reply waited for every other
 * chat of its lane. The one place for "in order per user, in parallel across users".
 */
public final class KeyedExecutor implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(KeyedExecutor.class);

	/**
	 * How many tasks of one key run before the thread turns to other keys (the key goes
	 * on after them).
	 */
	private static final int TURN = 16;

	private final String name;

	private final ThreadPoolExecutor threads;

	/**
	 * Keys with tasks queued or running. A key's queue changes only inside
	 * {@code compute} for that key, so adding a task and retiring an empty queue never
	 * cross.
	 */
	private final Map<Object, Mailbox> mailboxes = new ConcurrentHashMap<>();

	private final int capacity;

	private final AtomicInteger waiting = new AtomicInteger();

	private final Object idle = new Object();

	private volatile boolean closed;

	/**
	 * Threads for the keys.
	 * @param name thread names start with it
	 * @param threads how many tasks (of different keys) run at once
	 * @param queueCapacity tasks that may wait, in all; beyond, submitting fails
	 */
	public KeyedExecutor(String name, int threads, int queueCapacity) {
		this.name = name;
		this.capacity = queueCapacity;
		this.threads = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
				new CustomizableThreadFactory(name + "-"));
	}

	/**
	 * Runs a task after the key's earlier ones.
	 * @param key whose order it keeps
	 * @param task the task
	 * @throws RejectedExecutionException if too many tasks wait or the executor is closed
	 */
	public void execute(Object key, Runnable task) {
		if (this.closed) {
			throw new RejectedExecutionException(this.name + " is closed");
		}
		if (this.waiting.incrementAndGet() > this.capacity) {
			this.waiting.decrementAndGet();
			throw new RejectedExecutionException(this.name + " has " + this.capacity + " tasks waiting");
		}
		Mailbox[] started = new Mailbox[1];
		this.mailboxes.compute(key, (k, box) -> {
			Mailbox mailbox = (box != null) ? box : new Mailbox(k);
			if (box == null) {
				started[0] = mailbox;
			}
			mailbox.tasks.add(task);
			return mailbox;
		});
		if (started[0] != null) {
			try {
				this.threads.execute(() -> run(started[0]));
			}
			catch (RejectedExecutionException ex) {
				// closed meanwhile: nothing will run this key's queue
				this.mailboxes.remove(key, started[0]);
				this.waiting.decrementAndGet();
				throw ex;
			}
		}
	}

	/**
	 * Runs a task after the key's earlier ones, with its result.
	 * @param <T> the result type
	 * @param key whose order it keeps
	 * @param task the task
	 * @return its result, or its failure
	 */
	public <T> CompletableFuture<T> submit(Object key, Callable<T> task) {
		CompletableFuture<T> result = new CompletableFuture<>();
		try {
			execute(key, () -> {
				try {
					result.complete(task.call());
				}
				catch (Throwable ex) {
					result.completeExceptionally(ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			result.completeExceptionally(ex);
		}
		return result;
	}

	private void run(Mailbox mailbox) {
		for (int i = 0; i < TURN; i++) {
			Runnable task = next(mailbox);
			if (task == null) {
				return;
			}
			this.waiting.decrementAndGet();
			try {
				task.run();
			}
			catch (RuntimeException | Error ex) {
				log.error("A task of {} failed", this.name, ex);
			}
		}
		// A busy key goes to the back of the line once a turn, so others get a thread.
		this.threads.execute(() -> run(mailbox));
	}

	/** The key's next task, or null after retiring its (empty) queue. */
	private Runnable next(Mailbox mailbox) {
		Runnable[] next = new Runnable[1];
		this.mailboxes.computeIfPresent(mailbox.key, (k, box) -> {
			if (box != mailbox) {
				return box; // not reached: a retired queue's runner stops at once
			}
			next[0] = box.tasks.poll();
			return (next[0] != null) ? box : null;
		});
		if (next[0] == null) {
			synchronized (this.idle) {
				this.idle.notifyAll();
			}
		}
		return next[0];
	}

	/**
	 * Waits until nothing is queued or running.
	 * @param timeout how long to wait at most
	 * @return true if it went idle in time
	 */
	public boolean awaitIdle(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.idle) {
			while (!this.mailboxes.isEmpty()) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				try {
					this.idle.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
		}
		return true;
	}

	/**
	 * Takes no more tasks and lets the queued ones finish, for a graceful shutdown.
	 * @param timeout how long to wait for them
	 */
	public void drain(Duration timeout) {
		this.closed = true;
		boolean finished = awaitIdle(timeout);
		this.threads.shutdownNow();
		if (!finished) {
			log.warn("Stopped {} with {} tasks not run", this.name, this.waiting.get());
		}
	}

	@Override
	public void close() {
		drain(Duration.ofSeconds(10));
	}

	/** One key's tasks, oldest first. */
	private static final class Mailbox {

		final Object key;

		final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

		Mailbox(Object key) {
			this.key = key;
		}

	}

}
