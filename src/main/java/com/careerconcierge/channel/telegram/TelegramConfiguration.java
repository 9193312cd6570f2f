package com.careerconcierge.channel.telegram;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.careerconcierge.consultation.Consultation;
import com.careerconcierge.consultation.ConversationBusyException;
import com.careerconcierge.support.KeyedExecutor;
import com.careerconcierge.support.web.BodyLimit;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.longpolling.util.DefaultGetUpdatesGenerator;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Turns the Telegram channel on when {@code TELEGRAM_BOT_TOKEN} is set: the client, and
 * either long polling or (with {@code TELEGRAM_MODE=webhook}) the webhook filter.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${concierge.telegram.bot-token:}'.trim() != ''")
class TelegramConfiguration {

	/** The updates the bot reads; everything else Telegram need not send. */
	static final List<String> ALLOWED_UPDATES = List.of("message", "edited_message", "callback_query");

	private static final Logger log = LoggerFactory.getLogger(TelegramConfiguration.class);

	/** One HTTP client for every Bot API call. */
	@Bean
	OkHttpClient telegramHttp(TelegramProperties properties) {
		// telegrambots runs its calls through OkHttp's dispatcher, which lets only five
		// run at once per host: long polling's lanes would queue behind each other there.
		// All may call at once, on kept connections.
		Dispatcher dispatcher = new Dispatcher();
		dispatcher.setMaxRequests(256);
		dispatcher.setMaxRequestsPerHost(256);
		return new OkHttpClient.Builder().dispatcher(dispatcher)
			.connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
			.callTimeout(properties.timeout())
			.connectTimeout(properties.timeout())
			.readTimeout(properties.timeout())
			.build();
	}

	/** For the calls outside the outbox: the command menu, the webhook, long polling. */
	@Bean
	TelegramClient telegramClient(OkHttpClient telegramHttp, TelegramProperties properties) {
		return new OkHttpTelegramClient(telegramHttp, properties.botToken(), telegramUrl(properties.apiUri()));
	}

	@Bean
	BodyLimit telegramBodyLimit(TelegramProperties properties) {
		return new BodyLimit(TelegramWebhookFilter.PATH, properties.maxBodySize(), true);
	}

	/**
	 * The webhook, in webhook mode: a filter that checks Telegram's secret header itself,
	 * before the body is read, and answers ahead of Spring Security and Spring MVC.
	 */
	@Bean
	@ConditionalOnExpression("'${concierge.telegram.mode:}'.trim().equalsIgnoreCase('webhook')")
	FilterRegistrationBean<TelegramWebhookFilter> telegramWebhook(TelegramUpdates updates, ObjectMapper json,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver failures, TelegramProperties properties) {
		FilterRegistrationBean<TelegramWebhookFilter> registration = new FilterRegistrationBean<>(
				new TelegramWebhookFilter(updates, json, failures, properties));
		registration.addUrlPatterns(TelegramWebhookFilter.PATH);
		registration.setOrder(BodyLimit.WEBHOOK_FILTER_ORDER);
		return registration;
	}

	@Bean
	TelegramSender telegramSender(OkHttpClient telegramHttp, TelegramProperties properties, MeterRegistry meters) {
		return new TelegramSender(telegramHttp, telegramUrl(properties.apiUri()), properties.botToken(), meters);
	}

	@Bean
	TelegramUpdates telegramUpdates(Consultation consultation, TelegramSender sender, StringRedisTemplate redis) {
		return new TelegramUpdates(consultation, sender, redis);
	}

	@Bean
	TelegramDelivery telegramDelivery(TelegramSender sender, TelegramProperties properties) {
		return new TelegramDelivery(sender, new ChatPace(properties.chatPace(), properties.chatBurst()));
	}

	@Bean
	SmartLifecycle telegramLifecycle(TelegramProperties properties, TelegramClient client, TelegramUpdates updates,
			Consultation consultation) {
		return new TelegramLifecycle(properties, client, updates, consultation);
	}

	static TelegramUrl telegramUrl(URI uri) {
		boolean https = "https".equalsIgnoreCase(uri.getScheme());
		int port = (uri.getPort() != -1) ? uri.getPort() : (https ? 443 : 80);
		return new TelegramUrl(uri.getScheme(), uri.getHost(), port, false);
	}

	/**
	 * Registers the command menu, then starts long polling or sets the webhook; stops
	 * polling cleanly on shutdown.
	 */
	static class TelegramLifecycle implements SmartLifecycle {

		private final TelegramProperties properties;

		private final TelegramClient client;

		private final TelegramUpdates updates;

		private final Consultation consultation;

		private static final java.time.Duration RETRY_FOR = java.time.Duration.ofMinutes(1);

		private static final java.time.Duration DRAIN_FOR = java.time.Duration.ofSeconds(15);

		/**
		 * Updates are handled on a few lanes, by chat: one chat's updates stay in order,
		 * and a chat whose replies wait for Telegram's pace (or a 429) does not hold up
		 * the others or the next {@code getUpdates}.
		 */
		private static final int LANES = 8;

		private volatile TelegramBotsLongPollingApplication polling;

		private volatile KeyedExecutor lanes;

		private volatile boolean running;

		TelegramLifecycle(TelegramProperties properties, TelegramClient client, TelegramUpdates updates,
				Consultation consultation) {
			this.properties = properties;
			this.client = client;
			this.updates = updates;
			this.consultation = consultation;
		}

		@Override
		public void start() {
			registerCommands();
			if (this.properties.webhook()) {
				setWebhook();
			}
			else {
				startPolling();
			}
			this.running = true;
		}

		private void registerCommands() {
			List<BotCommand> commands = this.consultation.commands()
				.entrySet()
				.stream()
				.map((Map.Entry<String, String> entry) -> new BotCommand(entry.getKey(), entry.getValue()))
				.toList();
			try {
				this.client.execute(SetMyCommands.builder().commands(commands).build());
			}
			catch (Exception ex) {
				// Not fatal: the commands work without the menu.
				log.warn("Could not register the Telegram command menu: {}", ex.getClass().getSimpleName());
			}
		}

		private void setWebhook() {
			if (!StringUtils.hasText(this.properties.webhookUrl())) {
				log.info("Telegram webhook mode; TELEGRAM_WEBHOOK_URL unset, so the webhook is not registered here");
				return;
			}
			try {
				this.client.execute(SetWebhook.builder()
					.url(this.properties.webhookUrl())
					.secretToken(this.properties.webhookSecret())
					.allowedUpdates(ALLOWED_UPDATES)
					.build());
				log.info("Telegram webhook set to {}", this.properties.webhookUrl());
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not set the Telegram webhook: " + ex.getClass().getSimpleName());
			}
		}

		private void startPolling() {
			TelegramUrl url = telegramUrl(this.properties.apiUri());
			this.lanes = new KeyedExecutor("telegram-lane", LANES, Integer.MAX_VALUE);
			this.polling = new TelegramBotsLongPollingApplication();
			try {
				this.polling.registerBot(this.properties.botToken(), () -> url,
						new DefaultGetUpdatesGenerator(ALLOWED_UPDATES), (updates) -> updates
							.forEach((update) -> this.lanes.execute(chat(update), () -> handleSafely(update))));
				log.info("Telegram long polling started against {}", this.properties.apiUrl());
			}
			catch (Exception ex) {
				throw new IllegalStateException(
						"Could not start Telegram long polling: " + ex.getClass().getSimpleName());
			}
		}

		private static Object chat(org.telegram.telegrambots.meta.api.objects.Update update) {
			Long chatId = TelegramInbound.from(update).chatId();
			return (chatId != null) ? chatId : 0L;
		}

		/**
		 * Polling has no redelivery: an update that fails on our side (Redis unavailable,
		 * the user's lock busy) is retried here, in order, with a growing pause, for up
		 * to a minute.
		 */
		private void handleSafely(org.telegram.telegrambots.meta.api.objects.Update update) {
			long pause = 500;
			long deadline = System.nanoTime() + RETRY_FOR.toNanos();
			while (this.polling != null) {
				try {
					this.updates.handle(update);
					return;
				}
				catch (DataAccessException | ConversationBusyException ex) {
					if (System.nanoTime() > deadline) {
						log.error("Gave up on Telegram update {}: {}", update.getUpdateId(), ex.getMessage());
						return;
					}
					log.warn("Telegram update {} failed ({}); retrying in {} ms", update.getUpdateId(),
							ex.getClass().getSimpleName(), pause);
					try {
						Thread.sleep(pause);
					}
					catch (InterruptedException interrupted) {
						Thread.currentThread().interrupt();
						return;
					}
					pause = Math.min(pause * 2, 5000);
				}
				catch (RuntimeException ex) {
					log.error("Failed to handle Telegram update {}", update.getUpdateId(), ex);
					return;
				}
			}
		}

		@Override
		public void stop() {
			if (this.polling != null) {
				try {
					this.polling.close();
					log.info("Telegram long polling stopped");
				}
				catch (Exception ex) {
					log.warn("Error while stopping Telegram long polling: {}", ex.getClass().getSimpleName());
				}
				drainLanes();
				this.polling = null;
			}
			this.running = false;
		}

		/** Lets the updates already fetched finish (they cannot be fetched again). */
		private void drainLanes() {
			KeyedExecutor lanes = this.lanes;
			if (lanes != null) {
				lanes.drain(DRAIN_FOR);
				this.lanes = null;
			}
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

	}

}
