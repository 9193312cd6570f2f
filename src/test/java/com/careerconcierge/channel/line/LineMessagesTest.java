package com.careerconcierge.channel.line;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import com.careerconcierge.consultation.Choice;
import com.careerconcierge.consultation.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.bot.jackson.ModelObjectMapper;
import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.messaging.model.TextMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core's replies as LINE messages: texts, quick replies with postback actions, and
 * batches the Messaging API accepts.
 */
class LineMessagesTest {

	private static final ObjectMapper LINE_JSON = ModelObjectMapper.createNewObjectMapper();

	@Test
	void eachReplyIsATextMessageAndOnlyTheLastCarriesQuickReplies() {
		List<Message> messages = LineMessages
			.messages(List.of(new Reply("first", List.of(new Choice("ignored", "cmd:help"))), Reply.of("second"),
					new Reply("third", List.of(new Choice("相談を始める", "cmd:begin"), new Choice("担当者と話す", "cmd:agent")))));
		assertThat(messages).extracting((message) -> ((TextMessage) message).text())
			.containsExactly("first", "second", "third");
		assertThat(((TextMessage) messages.get(0)).quickReply()).isNull();
		assertThat(((TextMessage) messages.get(1)).quickReply()).isNull();
		assertThat(((TextMessage) messages.get(2)).quickReply().items()).hasSize(2);
	}

	@Test
	void quickRepliesArePostbackActionsThatShowTheLabelAsTheUsersMessage() {
		JsonNode json = LINE_JSON.valueToTree(LineMessages
			.messages(List.of(new Reply("どの職種に関心がありますか？", List.of(new Choice("経理", "role:accounting")))))
			.get(0));
		assertThat(json.get("type").asText()).isEqualTo("text");
		JsonNode item = json.get("quickReply").get("items").get(0);
		assertThat(item.get("type").asText()).isEqualTo("action");
		assertThat(item.get("action").get("type").asText()).isEqualTo("postback");
		assertThat(item.get("action").get("label").asText()).isEqualTo("経理");
		assertThat(item.get("action").get("data").asText()).isEqualTo("role:accounting");
		assertThat(item.get("action").get("displayText").asText()).isEqualTo("経理");
	}

	@Test
	void neverOffersMoreThanThirteenQuickReplies() {
		List<Choice> choices = IntStream.rangeClosed(1, 15)
			.mapToObj((i) -> new Choice("choice " + i, "c:" + i))
			.toList();
		TextMessage message = (TextMessage) LineMessages.messages(List.of(new Reply("pick", choices))).get(0);
		assertThat(message.quickReply().items()).hasSize(13);
	}

	@Test
	void splitsIntoBatchesOfFiveMessagesKeepingTheQuickRepliesLast() {
		List<Reply> replies = new ArrayList<>();
		for (int i = 1; i <= 11; i++) {
			replies.add(Reply.of("message " + i));
		}
		replies.add(new Reply("message 12", List.of(new Choice("次へ進む", "cmd:next"))));
		List<List<Message>> batches = LineMessages.batches(replies);
		assertThat(batches).extracting(List::size).containsExactly(5, 5, 2);
		assertThat(((TextMessage) batches.get(2).get(1)).quickReply().items()).hasSize(1);
		assertThat(LineMessages.batches(List.of())).isEmpty();
	}

}
