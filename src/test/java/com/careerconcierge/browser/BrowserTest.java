package com.careerconcierge.browser;

import com.careerconcierge.support.RedisKeys;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * What every browser test starts from: the running app's address and an empty Redis.
 */
abstract class BrowserTest {

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	String base;

	@BeforeEach
	void startFromNothing() {
		new RedisKeys(this.redis).flush();
		this.base = "http://127.0.0.1:" + this.port;
	}

}
