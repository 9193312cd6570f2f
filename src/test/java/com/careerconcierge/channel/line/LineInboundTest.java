package com.careerconcierge.channel.line;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.careerconcierge.channel.line.LineInbound.Dialogue;
import com.careerconcierge.channel.line.LineInbound.Forget;
import com.careerconcierge.channel.line.LineInbound.Ignored;
import com.careerconcierge.channel.line.LineInbound.PrivateChatOnly;
import com.careerconcierge.channel.line.LineInbound.Unsupported;
import com.careerconcierge.channel.line.LineInbound.Welcome;
import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.consultation.InboundMessage;
import com.linecorp.bot.parser.LineSignatureValidator;
import com.linecorp.bot.parser.WebhookParser;
import com.linecorp.bot.webhook.model.Event;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading LINE's webhook payloads (parsed by the SDK exactly as the webhook does) into
 * what they ask of the bot.
 */
class LineInboundTest {

	private static final String SECRET = "0123456789abcdef0123456789abcdef";

	private static final String USER = "U4af4980629a1b2c3d4e5f60718293a4b";

	private static final String GROUP = "Ca56f94637c1b2c3d4e5f60718293a4b5";

	@Test
	void aTextMessageIsADialogueTurnWithItsEventId() {
		Event event = parse(LinePlatform.payload("text-message",
				Map.of("userId", USER, "text", "経理に興味があります", "eventId", "01JGZTEXT", "replyToken", "rt-1")));
		assertThat(LineInbound.from(event))
			.isEqualTo(new Dialogue(USER, "rt-1", "経理に興味があります", null, "01JGZTEXT", false));
		InboundMessage message = ((Dialogue) LineInbound.from(event)).message("山田 太郎");
		assertThat(message).isEqualTo(new InboundMessage(new ConversationKey("line", USER), "山田 太郎", "経理に興味があります", null,
				"01JGZTEXT", "rt-1"));
	}

	@Test
	void aPostbackIsADialogueTurnWithItsData() {
		Event event = parse(LinePlatform.payload("postback",
				Map.of("userId", USER, "data", "role:accounting", "eventId", "01JGZPB", "replyToken", "rt-2")));
		assertThat(LineInbound.from(event))
			.isEqualTo(new Dialogue(USER, "rt-2", null, "role:accounting", "01JGZPB", false));
	}

	@Test
	void aFollowIsAWelcomeAndARedeliveryIsMarked() {
		Event event = parse(
				LinePlatform.payload("follow", Map.of("userId", USER, "replyToken", "rt-3", "redelivery", "true")));
		assertThat(LineInbound.from(event)).isEqualTo(new Welcome(USER, "rt-3", true));
	}

	@Test
	void anUnfollowForgetsTheUserEvenInStandbyMode() {
		assertThat(LineInbound.from(parse(LinePlatform.payload("unfollow", Map.of("userId", USER)))))
			.isEqualTo(new Forget(USER));
		String standby = LinePlatform.payload("unfollow", Map.of("userId", USER))
			.replace("\"mode\": \"active\"", "\"mode\": \"standby\"");
		assertThat(LineInbound.from(parse(standby))).isEqualTo(new Forget(USER));
	}

	@Test
	void stickersAndLocationsAreContentTheBotCannotRead() {
		assertThat(LineInbound
			.from(parse(LinePlatform.payload("sticker-message", Map.of("userId", USER, "replyToken", "rt-4")))))
			.isEqualTo(new Unsupported(USER, "rt-4", false));
		assertThat(LineInbound.from(parse(LinePlatform.payload("location-message", Map.of("userId", USER)))))
			.isInstanceOf(Unsupported.class);
	}

	@Test
	void aMessageInStandbyModeIsLeftToTheModuleThatHasTheChat() {
		assertThat(LineInbound
			.from(parse(LinePlatform.payload("standby-text-message", Map.of("userId", USER, "text", "こんにちは")))))
			.isInstanceOf(Ignored.class);
	}

	@Test
	void aGroupHearsOnJoiningAndWhenItMentionsTheBotButNotOnEveryMessage() {
		assertThat(LineInbound
			.from(parse(LinePlatform.payload("group-join", Map.of("groupId", GROUP, "replyToken", "rt-5")))))
			.isEqualTo(new PrivateChatOnly(GROUP, "rt-5", false));
		assertThat(LineInbound.from(parse(LinePlatform.payload("group-mention-message",
				Map.of("groupId", GROUP, "userId", USER, "replyToken", "rt-6")))))
			.isEqualTo(new PrivateChatOnly(GROUP, "rt-6", false));
		assertThat(LineInbound.from(parse(LinePlatform.payload("group-text-message",
				Map.of("groupId", GROUP, "userId", USER, "text", "相談を始める")))))
			.isInstanceOf(Ignored.class);
	}

	@Test
	void eventsOfUnknownOrUnhandledTypesAreIgnored() {
		List<Event> events = parseAll(LinePlatform.payload("unknown-events", Map.of("userId", USER)));
		assertThat(events).hasSize(3);
		assertThat(events).allSatisfy((event) -> assertThat(LineInbound.from(event)).isInstanceOf(Ignored.class));
	}

	private static Event parse(String body) {
		List<Event> events = parseAll(body);
		assertThat(events).hasSize(1);
		return events.get(0);
	}

	private static List<Event> parseAll(String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		try {
			return new WebhookParser(new LineSignatureValidator(SECRET.getBytes(StandardCharsets.UTF_8)))
				.handle(LinePlatform.sign(SECRET, bytes), bytes)
				.events();
		}
		catch (Exception ex) {
			throw new AssertionError("LINE's parser did not take " + body, ex);
		}
	}

}
