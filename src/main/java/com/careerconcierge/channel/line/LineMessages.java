package com.careerconcierge.channel.line;

import java.util.ArrayList;
import java.util.List;

import com.careerconcierge.consultation.Choice;
import com.careerconcierge.consultation.Reply;
import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.messaging.model.PostbackAction;
import com.linecorp.bot.messaging.model.QuickReply;
import com.linecorp.bot.messaging.model.QuickReplyItem;
import com.linecorp.bot.messaging.model.TextMessage;

/**
 * Turns the core's replies into LINE messages: one text message per reply, the last
 * reply's choices as quick replies with postback actions, in batches the API accepts.
 */
final class LineMessages {

	/** The most messages one reply or push call may carry. */
	static final int MAX_PER_CALL = 5;

	/** The most quick-reply items LINE shows. */
	static final int MAX_QUICK_REPLIES = 13;

	private LineMessages() {
	}

	/**
	 * The messages for some replies, split into batches of at most
	 * {@value #MAX_PER_CALL}.
	 * @param replies the core's replies
	 * @return batches in order; empty if there is nothing to say
	 */
	static List<List<Message>> batches(List<Reply> replies) {
		List<Message> messages = messages(replies);
		List<List<Message>> batches = new ArrayList<>();
		for (int from = 0; from < messages.size(); from += MAX_PER_CALL) {
			batches.add(List.copyOf(messages.subList(from, Math.min(from + MAX_PER_CALL, messages.size()))));
		}
		return batches;
	}

	/**
	 * One text message per reply; quick replies go on the last message, as LINE only
	 * shows them there.
	 * @param replies the core's replies
	 * @return the messages
	 */
	static List<Message> messages(List<Reply> replies) {
		List<Message> messages = new ArrayList<>(replies.size());
		for (int i = 0; i < replies.size(); i++) {
			Reply reply = replies.get(i);
			boolean last = i == replies.size() - 1;
			QuickReply quickReply = (last && !reply.choices().isEmpty()) ? quickReply(reply.choices()) : null;
			messages.add(new TextMessage(quickReply, null, reply.text(), null, null));
		}
		return messages;
	}

	private static QuickReply quickReply(List<Choice> choices) {
		// The script is validated for 13 choices; the cut only guards against a 400 for
		// the whole call.
		return new QuickReply(choices.stream().limit(MAX_QUICK_REPLIES).map(LineMessages::item).toList());
	}

	private static QuickReplyItem item(Choice choice) {
		// displayText makes the pressed label appear as the user's message in the chat.
		return new QuickReplyItem(
				new PostbackAction(choice.label(), choice.postback(), choice.label(), null, null, null));
	}

}
