package com.careerconcierge.support;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Runs tasks on a few lanes, by key: tasks of one key (a user, a chat) run one after
 * another in the order they were submitted, tasks of different keys in parallel, so one
 * slow key holds up only the keys that share its lane. The one place for "in order per
 * user, in parallel across users".
 */
public final class KeyedExecutor implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(KeyedExecutor.class);

	private final String name;

	private final ThreadPoolExecutor[] lanes;

	/**
	 * Lanes with their threads.
	 * @param name thread names start with it
	 * @param lanes how many lanes (threads)
	 * @param queueCapacity tasks one lane may queue; beyond, submitting fails
	 */
	public KeyedExecutor(String name, int lanes, int queueCapacity) {
		this.name = name;
		this.lanes = new ThreadPoolExecutor[lanes];
		CustomizableThreadFactory threads = new CustomizableThreadFactory(name + "-");
		for (int i = 0; i < lanes; i++) {
			this.lanes[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
					new LinkedBlockingQueue<>(queueCapacity), threads);
		}
	}

	/**
	 * Runs a task after the key's earlier ones.
	 * @param key whose order it keeps
	 * @param task the task
	 * @throws RejectedExecutionException if the lane is full or the executor closed
	 */
	public void execute(Object key, Runnable task) {
		lane(key).execute(task);
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

	/**
	 * Waits until everything submitted so far has run.
	 * @param timeout how long to wait at most
	 * @return true if every lane went idle in time
	 */
	public boolean awaitIdle(Duration timeout) {
		CompletableFuture<?>[] idle = new CompletableFuture<?>[this.lanes.length];
		for (int i = 0; i < this.lanes.length; i++) {
			CompletableFuture<Void> done = new CompletableFuture<>();
			idle[i] = done;
			this.lanes[i].execute(() -> done.complete(null));
		}
		try {
			CompletableFuture.allOf(idle).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (Exception ex) {
			return false;
		}
	}

	/**
	 * Takes no more tasks and lets the queued ones finish, for a graceful shutdown.
	 * @param timeout how long to wait for them
	 */
	public void drain(Duration timeout) {
		for (ThreadPoolExecutor lane : this.lanes) {
			lane.shutdown();
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			for (ThreadPoolExecutor lane : this.lanes) {
				if (!lane.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
					log.warn("Stopped {} with {} tasks not run", this.name, lane.shutdownNow().size());
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		drain(Duration.ofSeconds(10));
	}

	private ThreadPoolExecutor lane(Object key) {
		return this.lanes[Math.floorMod(key.hashCode(), this.lanes.length)];
	}

}
