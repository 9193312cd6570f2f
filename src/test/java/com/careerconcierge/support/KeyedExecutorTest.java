package com.careerconcierge.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class KeyedExecutorTest {

	@Test
	void aChatWaitingForTheNetworkDoesNotHoldUpAChatWhoseIdIsNearby() throws Exception {
		// "…00" and "…11" have hash codes 32 apart: fixed lanes by hash put them together
		try (KeyedExecutor executor = new KeyedExecutor("test", 4, 100)) {
			CountDownLatch release = new CountDownLatch(1);
			CountDownLatch other = new CountDownLatch(1);
			executor.execute("telegram:700000000", () -> await(release));
			executor.execute("telegram:700000011", other::countDown);
			assertThat(other.await(5, TimeUnit.SECONDS)).as("the other chat's task ran").isTrue();
			release.countDown();
		}
	}

	@Test
	void eachKeysTasksRunInTheOrderTheyCameWhileKeysRunSideBySide() throws Exception {
		Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
		try (KeyedExecutor executor = new KeyedExecutor("test", 3, 100_000)) {
			List<Thread> submitters = new ArrayList<>();
			for (int s = 0; s < 4; s++) {
				String key = "chat-" + s;
				Thread submitter = new Thread(() -> {
					for (int i = 0; i < 5_000; i++) {
						int n = i;
						executor.execute(key, () -> seen.computeIfAbsent(key, (k) -> new ArrayList<>()).add(n));
					}
				});
				submitters.add(submitter);
				submitter.start();
			}
			for (Thread submitter : submitters) {
				submitter.join();
			}
			assertThat(executor.awaitIdle(Duration.ofSeconds(10))).isTrue();
		}
		assertThat(seen).hasSize(4);
		for (List<Integer> order : seen.values()) {
			assertThat(order).hasSize(5_000).isSorted();
		}
	}

	@Test
	void refusesTasksBeyondItsCapacityAndAfterItWasDrained() {
		KeyedExecutor executor = new KeyedExecutor("test", 1, 2);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(1);
		executor.execute("a", () -> {
			started.countDown();
			await(release);
		});
		await(started);
		executor.execute("a", () -> {
		});
		executor.execute("b", () -> {
		});
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> executor.execute("c", () -> {
		}));
		release.countDown();
		executor.drain(Duration.ofSeconds(5));
		assertThat(executor.awaitIdle(Duration.ZERO)).isTrue();
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> executor.execute("a", () -> {
		}));
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
