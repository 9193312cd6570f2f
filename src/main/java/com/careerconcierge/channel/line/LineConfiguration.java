package com.careerconcierge.channel.line;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

import com.careerconcierge.consultation.Consultation;
import com.careerconcierge.support.KeyedExecutor;
import com.careerconcierge.support.security.PublicPaths;
import com.careerconcierge.support.web.BodyLimit;
import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.parser.LineSignatureValidator;
import com.linecorp.bot.parser.WebhookParser;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Turns the LINE channel on when {@code LINE_CHANNEL_SECRET} and
 * {@code LINE_CHANNEL_ACCESS_TOKEN} are both set: the Messaging API client, the signature
 * check, the event handling and the sender.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(LineChannelCondition.class)
class LineConfiguration {

	private static final Logger log = LoggerFactory.getLogger(LineConfiguration.class);

	private static final int EVENT_LANES = 8;

	private static final int EVENT_QUEUE_CAPACITY = 1000;

	@Bean
	MessagingApiClient lineMessagingApiClient(LineProperties properties) {
		log.info("LINE channel on; Messaging API at {}", properties.apiUrl());
		return MessagingApiClient.builder(properties.channelAccessToken())
			.apiEndPoint(properties.apiEndPoint())
			// The SDK's default logger writes every request, Authorization header
			// included, at INFO.
			.usingDefaultLogger(false)
			.build();
	}

	@Bean
	BodyLimit lineBodyLimit(LineProperties properties) {
		return new BodyLimit("/line/webhook", properties.maxBodySize(), true);
	}

	@Bean
	PublicPaths lineWebhookPath() {
		// the webhook checks LINE's signature on the raw body before anything is parsed
		return PublicPaths.of("/line/webhook");
	}

	@Bean
	LineSignatureValidator lineSignatureValidator(LineProperties properties) {
		return new LineSignatureValidator(properties.channelSecret().getBytes(StandardCharsets.UTF_8));
	}

	@Bean
	WebhookParser lineWebhookParser(LineSignatureValidator validator) {
		return new WebhookParser(validator);
	}

	@Bean
	LineSender lineSender(MessagingApiClient client, MeterRegistry meters) {
		return new LineSender(client, meters);
	}

	@Bean
	LineDelivery lineDelivery(LineSender sender, Clock clock) {
		return new LineDelivery(sender, clock);
	}

	/** Different users' events of one webhook call are handled in parallel, on these. */
	@Bean(destroyMethod = "close")
	KeyedExecutor lineEventLanes() {
		return new KeyedExecutor("line-events", EVENT_LANES, EVENT_QUEUE_CAPACITY);
	}

	@Bean
	LineEvents lineEvents(Consultation consultation, MessagingApiClient client, KeyedExecutor lineEventLanes,
			LineProperties properties, Clock clock, MeterRegistry meters) {
		return new LineEvents(consultation, client, lineEventLanes, properties.maxEventAge(), clock, meters);
	}

}
