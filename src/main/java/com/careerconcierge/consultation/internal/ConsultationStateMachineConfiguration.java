package com.careerconcierge.consultation.internal;

import java.util.EnumSet;

import org.springframework.context.annotation.Configuration;
import org.springframework.statemachine.StateContext;
import org.springframework.statemachine.config.EnableStateMachineFactory;
import org.springframework.statemachine.config.StateMachineBuilder;
import org.springframework.statemachine.config.StateMachineFactory;
import org.springframework.statemachine.config.EnumStateMachineConfigurerAdapter;
import org.springframework.statemachine.config.builders.StateMachineConfigurationConfigurer;
import org.springframework.statemachine.config.builders.StateMachineStateConfigurer;
import org.springframework.statemachine.config.builders.StateMachineTransitionConfigurer;
import org.springframework.statemachine.config.configurers.StateConfigurer.History;
import org.springframework.statemachine.guard.Guard;

import static com.careerconcierge.consultation.internal.ConsultationEvent.AGENT_CANCELLED;
import static com.careerconcierge.consultation.internal.ConsultationEvent.AGENT_CLAIMED;
import static com.careerconcierge.consultation.internal.ConsultationEvent.AGENT_REQUESTED;
import static com.careerconcierge.consultation.internal.ConsultationEvent.BEGIN;
import static com.careerconcierge.consultation.internal.ConsultationEvent.BOOK;
import static com.careerconcierge.consultation.internal.ConsultationEvent.CLOSED;
import static com.careerconcierge.consultation.internal.ConsultationEvent.CONTINUE;
import static com.careerconcierge.consultation.internal.ConsultationEvent.RATED;
import static com.careerconcierge.consultation.internal.ConsultationEvent.RELEASED;
import static com.careerconcierge.consultation.internal.ConsultationEvent.RESET;
import static com.careerconcierge.consultation.internal.MachineState.BOOKING;
import static com.careerconcierge.consultation.internal.MachineState.COMPLETED;
import static com.careerconcierge.consultation.internal.MachineState.CONCERNS;
import static com.careerconcierge.consultation.internal.MachineState.CONSULTATION;
import static com.careerconcierge.consultation.internal.MachineState.HISTORY;
import static com.careerconcierge.consultation.internal.MachineState.NEXT_STEPS;
import static com.careerconcierge.consultation.internal.MachineState.RATING;
import static com.careerconcierge.consultation.internal.MachineState.STRENGTHS;
import static com.careerconcierge.consultation.internal.MachineState.TARGET_ROLE;
import static com.careerconcierge.consultation.internal.MachineState.WAITING_FOR_AGENT;
import static com.careerconcierge.consultation.internal.MachineState.WELCOME;
import static com.careerconcierge.consultation.internal.MachineState.WITH_AGENT;

/**
 * The consultation's one transition table (charted in {@code docs/state-machine.md}).
 * Guards read the {@link Session} that {@link SessionPersist} puts into the extended
 * state.
 */
@Configuration
@EnableStateMachineFactory(name = "consultationStateMachineFactory", contextEvents = false)
class ConsultationStateMachineConfiguration extends EnumStateMachineConfigurerAdapter<MachineState, ConsultationEvent> {

	static final String SESSION = "session";

	/**
	 * The same machines without a Spring context, from the same transition table: for
	 * plain unit tests of the stages.
	 * @return a factory of consultation machines
	 */
	static StateMachineFactory<MachineState, ConsultationEvent> standalone() {
		StateMachineBuilder.Builder<MachineState, ConsultationEvent> builder = StateMachineBuilder.builder();
		ConsultationStateMachineConfiguration table = new ConsultationStateMachineConfiguration();
		try {
			table.configure(builder.configureConfiguration());
			table.configure(builder.configureStates());
			table.configure(builder.configureTransitions());
		}
		catch (Exception ex) {
			throw new IllegalStateException("The consultation's state machine cannot be built", ex);
		}
		return builder.createFactory();
	}

	@Override
	public void configure(StateMachineConfigurationConfigurer<MachineState, ConsultationEvent> config)
			throws Exception {
		config.withConfiguration().autoStartup(false);
	}

	@Override
	public void configure(StateMachineStateConfigurer<MachineState, ConsultationEvent> states) throws Exception {
		states.withStates()
			.initial(CONSULTATION)
			.states(EnumSet.of(CONSULTATION, WAITING_FOR_AGENT, WITH_AGENT, RATING))
			.and()
			.withStates()
			.parent(CONSULTATION)
			.initial(WELCOME)
			.states(EnumSet.of(WELCOME, CONCERNS, STRENGTHS, TARGET_ROLE, NEXT_STEPS, BOOKING, COMPLETED))
			.history(HISTORY, History.SHALLOW);
	}

	@Override
	public void configure(StateMachineTransitionConfigurer<MachineState, ConsultationEvent> transitions)
			throws Exception {
		// @formatter:off
		transitions
			.withExternal().source(WELCOME).target(CONCERNS).event(BEGIN)
			.and().withExternal().source(CONCERNS).target(STRENGTHS).event(CONTINUE).guard(atLeastOneConcern())
			.and().withExternal().source(STRENGTHS).target(TARGET_ROLE).event(CONTINUE).guard(atLeastOneStrength())
			.and().withExternal().source(TARGET_ROLE).target(NEXT_STEPS).event(CONTINUE).guard(roleChosen())
			.and().withExternal().source(NEXT_STEPS).target(COMPLETED).event(CONTINUE)
			.and().withExternal().source(WELCOME).target(BOOKING).event(BOOK)
			.and().withExternal().source(CONCERNS).target(BOOKING).event(BOOK)
			.and().withExternal().source(STRENGTHS).target(BOOKING).event(BOOK)
			.and().withExternal().source(TARGET_ROLE).target(BOOKING).event(BOOK)
			.and().withExternal().source(NEXT_STEPS).target(BOOKING).event(BOOK)
			.and().withExternal().source(COMPLETED).target(BOOKING).event(BOOK)
			.and().withExternal().source(BOOKING).target(COMPLETED).event(CONTINUE)
			.and().withExternal().source(CONSULTATION).target(WELCOME).event(RESET)
			.and().withExternal().source(WAITING_FOR_AGENT).target(WELCOME).event(RESET)
			.and().withExternal().source(RATING).target(WELCOME).event(RESET)
			.and().withExternal().source(CONSULTATION).target(WAITING_FOR_AGENT).event(AGENT_REQUESTED)
			.and().withExternal().source(WAITING_FOR_AGENT).target(HISTORY).event(AGENT_CANCELLED)
			.and().withExternal().source(WAITING_FOR_AGENT).target(WITH_AGENT).event(AGENT_CLAIMED)
			.and().withExternal().source(WAITING_FOR_AGENT).target(HISTORY).event(RELEASED)
			.and().withExternal().source(WAITING_FOR_AGENT).target(RATING).event(CLOSED)
			.and().withExternal().source(WITH_AGENT).target(HISTORY).event(RELEASED)
			.and().withExternal().source(WITH_AGENT).target(RATING).event(CLOSED)
			.and().withExternal().source(RATING).target(COMPLETED).event(RATED);
		// @formatter:on
	}

	static Guard<MachineState, ConsultationEvent> atLeastOneConcern() {
		return (context) -> !session(context).concerns().isEmpty();
	}

	static Guard<MachineState, ConsultationEvent> atLeastOneStrength() {
		return (context) -> !session(context).strengths().isEmpty();
	}

	static Guard<MachineState, ConsultationEvent> roleChosen() {
		return (context) -> session(context).role() != null;
	}

	private static Session session(StateContext<MachineState, ConsultationEvent> context) {
		Session session = context.getExtendedState().get(SESSION, Session.class);
		return (session != null) ? session : new Session();
	}

}
