package com.careerconcierge.consultation.internal;

import java.time.Clock;

import com.careerconcierge.consultation.ChannelDelivery;
import com.careerconcierge.consultation.DeliveryProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

import com.careerconcierge.consultation.AgentDesk;
import com.careerconcierge.consultation.Appointments;
import com.careerconcierge.consultation.ConsultationProperties;
import com.careerconcierge.consultation.Funnel;
import com.careerconcierge.consultation.UnderstandingProperties;
import com.careerconcierge.support.RedisPubSubListener;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;

/**
 * Loads the script (failing start-up if it is broken) and builds the dialogue on it: the
 * wording, the matcher, one room per stage, and the turns that run them.
 */
@Configuration(proxyBeanMethods = false)
class ConsultationConfiguration {

	@Bean
	Script consultationScript(
			@Value("${concierge.consultation.script:classpath:script/consultation.yml}") Resource resource) {
		return ScriptLoader.load(resource);
	}

	@Bean
	Wording wording(Script script, ConsultationProperties properties) {
		return new Wording(script, properties.agencyName(), properties.sessionTtl());
	}

	@Bean
	Vocabulary vocabulary(Script script) {
		return new Vocabulary(script);
	}

	@Bean
	Teaching teaching(RedisVocabulary store, Vocabulary vocabulary, Wording wording, UnderstandingProperties properties,
			Clock clock, ObjectMapper json) {
		Teaching teaching = new Teaching(store, vocabulary, wording, properties, clock, json);
		teaching.refresh(); // the words taught so far, before the first message
		return teaching;
	}

	@Bean
	RedisPubSubListener taughtWordsListener(Teaching teaching) {
		return new RedisPubSubListener(RedisVocabulary.TOPIC, teaching);
	}

	@Bean
	Dialogue dialogue(Wording wording, ConsultationMachine machine, Vocabulary vocabulary,
			ObjectProvider<Appointments> appointments) {
		// booking is optional: without the booking module, the plan offers none
		return newDialogue(wording, machine, vocabulary, appointments.getIfAvailable());
	}

	/** The dialogue with one room per stage group, without booking. */
	static Dialogue newDialogue(Wording wording, ConsultationMachine machine, Vocabulary matcher) {
		return newDialogue(wording, machine, matcher, null);
	}

	/** The dialogue with one room per stage group. */
	static Dialogue newDialogue(Wording wording, ConsultationMachine machine, Vocabulary matcher,
			Appointments appointments) {
		HandoffStages handoff = new HandoffStages(wording, machine);
		ProfileStages profile = new ProfileStages(wording, machine, matcher);
		BookingStage booking = (appointments != null) ? new BookingStage(wording, machine, appointments) : null;
		List<StageDialogue> rooms = new ArrayList<>(List.of(new WelcomeStage(wording, machine, profile), profile,
				new TargetRoleStage(wording, machine), new PlanStages(wording, machine, booking), handoff));
		// the stage exists either way; without appointments nobody reaches it
		rooms.add((booking != null) ? booking : new BookingStage(wording, machine, null));
		return new Dialogue(rooms, new GlobalCommands(wording, machine), new ForgetConfirmation(wording), handoff,
				matcher, wording);
	}

	@Bean
	Outbox outbox(RedisOutbox store, List<ChannelDelivery> channels, DeliveryProperties properties, Clock clock,
			MeterRegistry meters) {
		return new Outbox(store, channels, properties, clock, meters);
	}

	@Bean
	Conversations conversations(RedisSessions sessions, Dialogue dialogue, Wording wording,
			ObjectProvider<AgentDesk> desk, ObjectProvider<Appointments> appointments,
			ConsultationProperties properties, Outbox outbox, RedisOutbox store, Teaching teaching, Funnel funnel,
			Clock clock) {
		// the agent desk is optional: without the handoff module, the bot answers alone
		return new Conversations(sessions, dialogue, wording, desk.getIfAvailable(), appointments.getIfAvailable(),
				properties, outbox, store, teaching, funnel, clock);
	}

}
