package com.careerconcierge.channel.line;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the LINE channel; blank values count as unset (docker compose passes unset
 * variables as empty strings).
 *
 * @param channelSecret the channel secret that signs webhooks
 * ({@code LINE_CHANNEL_SECRET}); the channel is off without it
 * @param channelAccessToken the long-lived channel access token for the Messaging API
 * ({@code LINE_CHANNEL_ACCESS_TOKEN}); the channel is off without it
 * @param apiUrl the Messaging API base URL ({@code LINE_API_URL}), without a trailing
 * slash
 * @param maxBodySize the largest body on {@code /line/webhook}: LINE batches events of up
 * to 5,000 characters each in one call and documents no limit, and a refused call loses
 * every event in it
 * @param maxEventAge events older than this are not acted on (logged and counted): a
 * captured body replayed later, or a redelivery long after the user moved on; it must be
 * shorter than the de-duplication window, so no event can be handled twice
 */
@Validated
@ConfigurationProperties("concierge.line")
public record LineProperties(String channelSecret, String channelAccessToken, String apiUrl,
		@DefaultValue("1MB") DataSize maxBodySize, @DefaultValue("24h") Duration maxEventAge) {

	static final String DEFAULT_API_URL = "https://api.line.me";

	public LineProperties {
		channelSecret = StringUtils.hasText(channelSecret) ? channelSecret.strip() : null;
		channelAccessToken = StringUtils.hasText(channelAccessToken) ? channelAccessToken.strip() : null;
		apiUrl = StringUtils.hasText(apiUrl) ? apiUrl.strip() : DEFAULT_API_URL;
		maxBodySize = (maxBodySize != null) ? maxBodySize : DataSize.ofMegabytes(1);
		maxEventAge = (maxEventAge != null) ? maxEventAge : Duration.ofHours(24);
		while (apiUrl.endsWith("/")) {
			apiUrl = apiUrl.substring(0, apiUrl.length() - 1);
		}
		if ((channelSecret == null) != (channelAccessToken == null)) {
			// Half a configuration is a mistake worth stopping for, not a reason to run
			// without LINE.
			throw new IllegalArgumentException("LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN must be set together "
					+ "(only " + ((channelSecret != null) ? "the secret" : "the access token") + " is set)");
		}
		URI uri;
		try {
			uri = URI.create(apiUrl);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("LINE_API_URL is not a URL: " + apiUrl);
		}
		if (uri.getHost() == null
				|| !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
			throw new IllegalArgumentException("LINE_API_URL must be an http(s) URL with a host, not " + apiUrl);
		}
	}

	/**
	 * Whether the channel is on.
	 * @return true when both the secret and the access token are set
	 */
	boolean enabled() {
		return this.channelSecret != null && this.channelAccessToken != null;
	}

	/**
	 * The base URL as the SDK wants it: with a trailing slash, so that its relative paths
	 * ({@code v2/bot/message/reply}) resolve below it.
	 * @return e.g. {@code https://api.line.me/}
	 */
	URI apiEndPoint() {
		return URI.create(this.apiUrl + "/");
	}

	@Override
	public String toString() {
		return "LineProperties[apiUrl=" + this.apiUrl + ", channelSecret="
				+ ((this.channelSecret != null) ? "***" : "unset") + ", channelAccessToken="
				+ ((this.channelAccessToken != null) ? "***" : "unset") + "]";
	}

}
