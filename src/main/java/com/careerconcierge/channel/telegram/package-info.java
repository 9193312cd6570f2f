/**
 * The Telegram channel: updates arrive by long polling or by webhook, are translated into
 * {@code InboundMessage}s, and replies go out through the telegrambots client with inline
 * keyboards.
 */
package com.careerconcierge.channel.telegram;
