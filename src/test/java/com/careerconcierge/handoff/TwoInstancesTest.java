package com.careerconcierge.handoff;

import com.careerconcierge.CareerConciergeApplication;
import com.careerconcierge.support.AgentApi;
import com.careerconcierge.support.EventStream;
import com.careerconcierge.support.WebChat;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application instances over one Redis behave as one: the user's chat is served by
 * instance A, the agent works on instance B.
 */
class TwoInstancesTest {

	static final String TOKEN = "alice-token-0123456789";

	@Test
	void aConversationRelaysAcrossInstances() {
		try (ConfigurableApplicationContext a = start(); ConfigurableApplicationContext b = start()) {
			WebChat user = new WebChat(port(a));
			AgentApi alice = new AgentApi(port(b), TOKEN);
			try (EventStream agentEvents = alice.events()) {
				user.open();
				user.press("相談を始める");
				try (EventStream userEvents = user.events()) {
					user.say("オペレーターと話したい");
					EventStream.Event created = agentEvents.await("handoff.created", "\"channel\":\"web\"");
					String id = created.data().replaceAll(".*\"handoffId\":\"([0-9a-f]+)\".*", "$1");

					AgentApi.ok(alice.say(id, "担当のアリスです。ご不安な点を教えてください。"));
					userEvents.await("message", "担当のアリスです");

					assertThat(user.say("給料のことが心配です")).isEmpty();
					agentEvents.await("user.message", "給料のことが心配です");

					AgentApi.ok(alice.release(id));
					userEvents.await("message", "転職で気になっていること");
				}
				assertThat(user.say("給料が下がりそう")).first().asString().contains("インセンティブ");
			}
		}
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(CareerConciergeApplication.class).run("--server.port=0",
				"--concierge.handoff.agent-tokens=alice:" + TOKEN, "--concierge.handoff.opens=00:00",
				"--concierge.handoff.closes=23:59:59.999",
				"--concierge.handoff.days=MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY");
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
