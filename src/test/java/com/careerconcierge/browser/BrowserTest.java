package com.careerconcierge.browser;

import com.careerconcierge.support.RedisKeys;
import com.careerconcierge.handoff.AgentAccounts;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * What every browser test starts from: the running app's address, an empty Redis, and the
 * agents' accounts alice, bob and sue (a supervisor), all with {@link #PASSWORD}.
 */
abstract class BrowserTest {

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	String base;

	/** The password of every agent the browser tests sign in as. */
	static final String PASSWORD = "browser-test-password";

	@Autowired
	AgentAccounts accounts;

	@BeforeEach
	void startFromNothing() {
		new RedisKeys(this.redis).flush();
		// what a supervisor would have set up: two agents and a supervisor
		this.accounts.create("alice", PASSWORD, false, java.util.List.of(), null);
		this.accounts.create("bob", PASSWORD, false, java.util.List.of(), null);
		this.accounts.create("sue", PASSWORD, true, java.util.List.of(), null);
		this.base = "http://127.0.0.1:" + this.port;
	}

}
