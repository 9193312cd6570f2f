package com.careerconcierge.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on a free loopback port in front of the app, whose open connections a test
 * can cut at once, like a proxy or a mobile network dropping them: the browser's event
 * streams break mid-flight while new connections still get through.
 */
final class SeverableProxy implements AutoCloseable {

	private final ServerSocket server;

	private final int targetPort;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	SeverableProxy(int targetPort) {
		this.targetPort = targetPort;
		try {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		daemon("proxy-accept", this::accept);
	}

	/** Base URL through the proxy, e.g. {@code http://127.0.0.1:41234}. */
	String url() {
		return "http://127.0.0.1:" + this.server.getLocalPort();
	}

	/** Cuts every open connection; later ones are relayed again. */
	void sever() {
		for (Socket socket : this.open) {
			close(socket);
		}
		this.open.clear();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
				this.open.add(client);
				this.open.add(upstream);
				daemon("proxy-up", () -> pump(client, upstream));
				daemon("proxy-down", () -> pump(upstream, client));
			}
			catch (IOException ex) {
				// closed, or the app refused: the browser sees a failed connection
			}
		}
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[8192];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) >= 0) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// one side went away
		}
		finally {
			close(from);
			close(to);
			this.open.remove(from);
			this.open.remove(to);
		}
	}

	private static void close(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	private static void daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// already closed
		}
		sever();
	}

}
