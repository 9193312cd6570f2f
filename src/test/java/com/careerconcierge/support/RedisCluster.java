package com.careerconcierge.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster of Debian {@code redis-server} processes on loopback: three
 * masters with one replica each, created with {@code redis-cli --cluster create}. A
 * master can be killed (SIGKILL); its replica takes over after the node timeout.
 */
public final class RedisCluster implements AutoCloseable {

	/** How long a node may be silent before the others fail it over. */
	public static final Duration NODE_TIMEOUT = Duration.ofMillis(1500);

	private final Path dir;

	private final Map<Integer, Process> nodes = new LinkedHashMap<>();

	private RedisCluster(Path dir) {
		this.dir = dir;
	}

	/**
	 * Starts six nodes and makes them a cluster.
	 * @param dir where the nodes keep their files and logs
	 * @return the running cluster, every slot served
	 */
	public static RedisCluster start(Path dir) throws IOException, InterruptedException {
		RedisCluster cluster = new RedisCluster(dir);
		try {
			int base = freeBase(6);
			for (int port = base; port < base + 6; port++) {
				Path node = Files.createDirectories(dir.resolve(String.valueOf(port)));
				cluster.nodes.put(port,
						RedisServerProcess.start(node, port, "--cluster-enabled", "yes", "--cluster-config-file",
								"nodes.conf", "--cluster-node-timeout", String.valueOf(NODE_TIMEOUT.toMillis()),
								"--appendonly", "no"));
			}
			List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
			cluster.nodes.keySet().forEach((port) -> create.add("127.0.0.1:" + port));
			create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
			String created = run(create);
			if (!created.contains("All 16384 slots covered")) {
				throw new AssertionError("redis-cli --cluster create failed: " + created);
			}
			cluster.awaitHealthy(Duration.ofSeconds(20));
			return cluster;
		}
		catch (IOException | InterruptedException | RuntimeException | AssertionError ex) {
			cluster.close();
			throw ex;
		}
	}

	/**
	 * The nodes as Spring Data Redis's {@code spring.data.redis.cluster.nodes} wants
	 * them.
	 * @return e.g. {@code 127.0.0.1:21000,127.0.0.1:21001,…}
	 */
	public String nodes() {
		return this.nodes.keySet().stream().map((port) -> "127.0.0.1:" + port).collect(Collectors.joining(","));
	}

	/**
	 * The port of the master that serves a key now.
	 * @param key any key (its hash tag decides)
	 * @return the master's port
	 */
	public int masterOf(String key) throws IOException, InterruptedException {
		int slot = Integer.parseInt(cli(anyLive(), "CLUSTER", "KEYSLOT", key).strip());
		for (String line : cli(anyLive(), "CLUSTER", "NODES").split("\n")) {
			String[] fields = line.split(" ");
			if (fields.length < 9 || !fields[2].contains("master") || fields[2].contains("fail")) {
				continue;
			}
			for (int i = 8; i < fields.length; i++) {
				String[] range = fields[i].split("-");
				int from = Integer.parseInt(range[0].strip());
				int to = (range.length > 1) ? Integer.parseInt(range[1].strip()) : from;
				if (slot >= from && slot <= to) {
					return Integer.parseInt(fields[1].split("[:@]")[1]);
				}
			}
		}
		throw new AssertionError("No master serves slot " + slot);
	}

	/**
	 * Kills a node with SIGKILL.
	 * @param port the node's port
	 */
	public void kill(int port) throws InterruptedException {
		Process node = this.nodes.remove(port);
		if (node != null) {
			node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	/**
	 * Waits until a master's replica is connected and has acknowledged the stream within
	 * the last second, so that a kill right after it loses only what is in flight.
	 * @param port the master
	 * @param timeout how long at most
	 */
	public void awaitReplicaInSync(int port, Duration timeout) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		String info = "";
		while (System.nanoTime() < deadline) {
			info = cli(port, "INFO", "replication");
			if (info.lines()
				.anyMatch((line) -> line.startsWith("slave0:") && line.contains("state=online")
						&& (line.strip().endsWith("lag=0") || line.strip().endsWith("lag=1")))) {
				return;
			}
			Thread.sleep(50);
		}
		throw new AssertionError("The replica of " + port + " is not in sync: " + info + logs());
	}

	/**
	 * Waits until the other nodes have marked a killed master failed and its replica
	 * serves its slots.
	 * @param port the killed master
	 * @param timeout how long at most
	 */
	public void awaitFailover(int port, Duration timeout) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		String nodes = "";
		while (System.nanoTime() < deadline) {
			nodes = cli(anyLive(), "CLUSTER", "NODES");
			boolean failed = nodes.lines()
				.anyMatch((line) -> line.contains("127.0.0.1:" + port + "@") && line.contains("fail")
						&& !line.contains("fail?"));
			if (failed) {
				awaitHealthy(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
				return;
			}
			Thread.sleep(50);
		}
		throw new AssertionError("Node " + port + " was not failed over: " + nodes + logs());
	}

	/**
	 * Waits until every slot is served by a live master (after a kill: once a replica was
	 * promoted).
	 * @param timeout how long at most
	 */
	public void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		String info = "";
		while (System.nanoTime() < deadline) {
			boolean all = true;
			for (int port : this.nodes.keySet()) {
				info = cli(port, "CLUSTER", "INFO");
				all &= info.contains("cluster_state:ok") && info.contains("cluster_slots_ok:16384");
			}
			if (all) {
				return;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("The cluster did not become healthy: " + info + logs());
	}

	/**
	 * Runs a command on a node with {@code redis-cli}.
	 * @param port the node
	 * @param args the command
	 * @return its output
	 */
	public String cli(int port, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(port)));
		command.addAll(List.of(args));
		return run(command);
	}

	/** The ports of the nodes that are running. */
	public List<Integer> ports() {
		return List.copyOf(this.nodes.keySet());
	}

	/** A node that is running. */
	public int anyLive() {
		return this.nodes.keySet().iterator().next();
	}

	@Override
	public void close() {
		this.nodes.values().forEach(Process::destroyForcibly);
		for (Process node : this.nodes.values()) {
			try {
				node.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.nodes.clear();
	}

	/** The end of each node's log, for a failure's message. */
	private String logs() {
		StringBuilder logs = new StringBuilder();
		try (java.util.stream.Stream<Path> nodes = Files.list(this.dir)) {
			for (Path node : nodes.sorted().toList()) {
				Path log = node.resolve("redis.log");
				if (Files.exists(log)) {
					List<String> lines = Files.readAllLines(log);
					logs.append("\n--- ").append(node.getFileName()).append('\n');
					lines.subList(Math.max(0, lines.size() - 15), lines.size())
						.forEach((line) -> logs.append(line).append('\n'));
				}
			}
		}
		catch (IOException ex) {
			logs.append("\n(logs unreadable: ").append(ex.getMessage()).append(')');
		}
		return logs.toString();
	}

	private static String run(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		byte[] output = process.getInputStream().readAllBytes();
		process.waitFor(30, TimeUnit.SECONDS);
		return new String(output, StandardCharsets.UTF_8);
	}

	/** A run of ports, each free with its cluster bus port (port + 10000) free too. */
	private static int freeBase(int count) throws IOException {
		for (int attempt = 0; attempt < 50; attempt++) {
			// below the ephemeral range (32768 and up), bus ports included
			int base = ThreadLocalRandom.current().nextInt(12000, 22000);
			boolean free = true;
			for (int port = base; port < base + count && free; port++) {
				free = isFree(port) && isFree(port + 10000);
			}
			if (free) {
				return base;
			}
		}
		throw new IOException("No free run of " + count + " ports");
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
