package com.careerconcierge.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Debian {@code redis-server} for tests that stop, kill or restart things: started
 * on a port of its own, in a folder of its own, and waited for until it takes
 * connections.
 */
public final class RedisServerProcess {

	private RedisServerProcess() {
	}

	/**
	 * Starts a server and waits until it listens.
	 * @param dir where it keeps its files and log
	 * @param port its port
	 * @param options further {@code redis-server} options (e.g. append-only persistence)
	 * @return the process
	 */
	public static Process start(Path dir, int port, String... options) throws IOException, InterruptedException {
		File log = dir.resolve("redis.log").toFile();
		List<String> command = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port), "--bind",
				"127.0.0.1", "--save", "", "--dir", dir.toString()));
		command.addAll(List.of(options));
		Process redis = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log))
			.start();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				return redis;
			}
			catch (IOException ex) {
				Thread.sleep(50);
			}
		}
		throw new AssertionError("redis-server did not start: " + Files.readString(log.toPath()));
	}

	/** A port nothing listens on just now. */
	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
