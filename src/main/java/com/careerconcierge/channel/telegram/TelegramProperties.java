package com.careerconcierge.channel.telegram;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the Telegram channel. Blank values count as unset (docker compose passes
 * unset variables as empty strings).
 *
 * @param botToken the bot's token ({@code TELEGRAM_BOT_TOKEN}); the channel is off
 * without it
 * @param mode {@code polling} (default) or {@code webhook} ({@code TELEGRAM_MODE})
 * @param webhookSecret required in webhook mode ({@code TELEGRAM_WEBHOOK_SECRET})
 * @param webhookUrl when set in webhook mode, {@code setWebhook} is called with it at
 * start-up
 * @param apiUrl the Bot API base URL ({@code TELEGRAM_API_URL})
 * @param timeout how long one Bot API call may take
 * @param chatPace the pace of messages to one chat once a burst is used up (Telegram asks
 * for no more than about one per second); zero turns pacing off
 * @param chatBurst how many messages may go to one chat at once before the pace applies
 * @param maxBodySize the largest body on {@code /telegram/webhook}: one update, whose
 * text (4,096 characters, which Telegram escapes to six bytes each outside ASCII) can
 * come with the message it replies to and their entities
 */
@Validated
@ConfigurationProperties("concierge.telegram")
public record TelegramProperties(String botToken, String mode, String webhookSecret, String webhookUrl, String apiUrl,
		@DefaultValue("10s") Duration timeout, @DefaultValue("1s") Duration chatPace,
		@DefaultValue("3") @Min(1) @Max(100) int chatBurst, @DefaultValue("256KB") DataSize maxBodySize) {

	static final String DEFAULT_API_URL = "https://api.telegram.org";

	public TelegramProperties {
		mode = StringUtils.hasText(mode) ? mode.strip().toLowerCase(Locale.ROOT) : "polling";
		apiUrl = StringUtils.hasText(apiUrl) ? apiUrl.strip() : DEFAULT_API_URL;
		if (!mode.equals("polling") && !mode.equals("webhook")) {
			throw new IllegalArgumentException("TELEGRAM_MODE must be 'polling' or 'webhook', not '" + mode + "'");
		}
		if (chatPace.isNegative() || chatPace.compareTo(Duration.ofMinutes(1)) > 0) {
			throw new IllegalArgumentException("concierge.telegram.chat-pace must be between 0 and 1m");
		}
		if (StringUtils.hasText(botToken) && mode.equals("webhook") && !StringUtils.hasText(webhookSecret)) {
			throw new IllegalArgumentException(
					"TELEGRAM_WEBHOOK_SECRET is required in webhook mode: without it anyone could post updates");
		}
	}

	boolean webhook() {
		return this.mode.equals("webhook");
	}

	URI apiUri() {
		return URI.create(this.apiUrl);
	}

	@Override
	public String toString() {
		return "TelegramProperties[mode=" + this.mode + ", apiUrl=" + this.apiUrl + ", webhookUrl=" + this.webhookUrl
				+ ", botToken=" + (StringUtils.hasText(this.botToken) ? "***" : "unset") + "]";
	}

}
