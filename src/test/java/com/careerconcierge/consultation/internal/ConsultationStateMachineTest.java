package com.careerconcierge.consultation.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import com.careerconcierge.consultation.Stage;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.config.StateMachineFactory;
import org.springframework.statemachine.persist.DefaultStateMachinePersister;
import org.springframework.statemachine.test.StateMachineTestPlanBuilder;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;
import reactor.core.publisher.Mono;

import static com.careerconcierge.consultation.internal.ConsultationEvent.AGENT_CANCELLED;
import static com.careerconcierge.consultation.internal.ConsultationEvent.AGENT_CLAIMED;
import static com.careerconcierge.consultation.internal.ConsultationEvent.AGENT_REQUESTED;
import static com.careerconcierge.consultation.internal.ConsultationEvent.BEGIN;
import static com.careerconcierge.consultation.internal.ConsultationEvent.CLOSED;
import static com.careerconcierge.consultation.internal.ConsultationEvent.CONTINUE;
import static com.careerconcierge.consultation.internal.ConsultationEvent.RATED;
import static com.careerconcierge.consultation.internal.ConsultationEvent.RELEASED;
import static com.careerconcierge.consultation.internal.ConsultationEvent.RESET;
import static com.careerconcierge.consultation.internal.MachineState.COMPLETED;
import static com.careerconcierge.consultation.internal.MachineState.CONCERNS;
import static com.careerconcierge.consultation.internal.MachineState.CONSULTATION;
import static com.careerconcierge.consultation.internal.MachineState.NEXT_STEPS;
import static com.careerconcierge.consultation.internal.MachineState.RATING;
import static com.careerconcierge.consultation.internal.MachineState.STRENGTHS;
import static com.careerconcierge.consultation.internal.MachineState.TARGET_ROLE;
import static com.careerconcierge.consultation.internal.MachineState.WAITING_FOR_AGENT;
import static com.careerconcierge.consultation.internal.MachineState.WELCOME;
import static com.careerconcierge.consultation.internal.MachineState.WITH_AGENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transition table on its own, and its round trip through our session record.
 */
@SpringJUnitConfig({ ConsultationStateMachineConfiguration.class, ConsultationMachine.class })
class ConsultationStateMachineTest {

	@Autowired
	@Qualifier("consultationStateMachineFactory")
	StateMachineFactory<MachineState, ConsultationEvent> factory;

	@Autowired
	ConsultationMachine consultationMachine;

	@Test
	void walksTheFourStagesWhenEachHasItsAnswers() throws Exception {
		StateMachineTestPlanBuilder.<MachineState, ConsultationEvent>builder()
			.stateMachine(machineFor(answered()))
			.step()
			.expectStates(CONSULTATION, WELCOME)
			.and()
			.step()
			.sendEvent(BEGIN)
			.expectStateChanged(1)
			.expectStates(CONSULTATION, CONCERNS)
			.and()
			.step()
			.sendEvent(CONTINUE)
			.expectStates(CONSULTATION, STRENGTHS)
			.and()
			.step()
			.sendEvent(CONTINUE)
			.expectStates(CONSULTATION, TARGET_ROLE)
			.and()
			.step()
			.sendEvent(CONTINUE)
			.expectStates(CONSULTATION, NEXT_STEPS)
			.and()
			.step()
			.sendEvent(CONTINUE)
			.expectStates(CONSULTATION, COMPLETED)
			.and()
			.build()
			.test();
	}

	@Test
	void staysInAStageUntilItHasAnAnswer() throws Exception {
		StateMachineTestPlanBuilder.<MachineState, ConsultationEvent>builder()
			.stateMachine(machineFor(new Session()))
			.step()
			.sendEvent(BEGIN)
			.expectStates(CONSULTATION, CONCERNS)
			.and()
			.step()
			.sendEvent(CONTINUE)
			.expectStateChanged(0)
			.expectStates(CONSULTATION, CONCERNS)
			.and()
			.build()
			.test();
	}

	@Test
	void returnsToTheStageTheUserLeftAfterAnAgentReleasesTheConversation() throws Exception {
		StateMachineTestPlanBuilder.<MachineState, ConsultationEvent>builder()
			.stateMachine(machineFor(answered()))
			.step()
			.sendEvent(BEGIN)
			.and()
			.step()
			.sendEvent(CONTINUE)
			.expectStates(CONSULTATION, STRENGTHS)
			.and()
			.step()
			.sendEvent(AGENT_REQUESTED)
			.expectStates(WAITING_FOR_AGENT)
			.and()
			.step()
			.sendEvent(AGENT_CLAIMED)
			.expectStates(WITH_AGENT)
			.and()
			.step()
			.sendEvent(RELEASED)
			.expectStates(CONSULTATION, STRENGTHS)
			.and()
			.step()
			.sendEvent(AGENT_REQUESTED)
			.and()
			.step()
			.sendEvent(AGENT_CANCELLED)
			.expectStates(CONSULTATION, STRENGTHS)
			.and()
			.build()
			.test();
	}

	@Test
	void closingAConversationAsksForARatingAndThenCompletes() throws Exception {
		StateMachineTestPlanBuilder.<MachineState, ConsultationEvent>builder()
			.stateMachine(machineFor(answered()))
			.step()
			.sendEvent(BEGIN)
			.and()
			.step()
			.sendEvent(AGENT_REQUESTED)
			.expectStates(WAITING_FOR_AGENT)
			.and()
			.step()
			.sendEvent(AGENT_CLAIMED)
			.and()
			.step()
			.sendEvent(CLOSED)
			.expectStates(RATING)
			.and()
			.step()
			.sendEvent(RATED)
			.expectStates(CONSULTATION, COMPLETED)
			.and()
			.step()
			.sendEvent(RESET)
			.expectStates(CONSULTATION, WELCOME)
			.and()
			.build()
			.test();
	}

	@Test
	void theSessionRecordCarriesTheHistoryAcrossMessages() {
		Session session = answered();
		session.moveTo(Stage.TARGET_ROLE, session.resume());
		assertThat(this.consultationMachine.fire(session, AGENT_REQUESTED)).isTrue();
		assertThat(session.stage()).isEqualTo(Stage.WAITING_FOR_AGENT);
		assertThat(session.resume()).isEqualTo(Stage.TARGET_ROLE);

		// a new message: a fresh machine restored from the record alone
		assertThat(this.consultationMachine.fire(session, AGENT_CLAIMED)).isTrue();
		assertThat(session.stage()).isEqualTo(Stage.WITH_AGENT);
		assertThat(this.consultationMachine.fire(session, RELEASED)).isTrue();
		assertThat(session.stage()).isEqualTo(Stage.TARGET_ROLE);
		assertThat(session.resume()).isNull();
	}

	@Test
	void anEventWithoutATransitionChangesNothing() {
		Session session = new Session();
		session.moveTo(Stage.CONCERNS, session.resume());
		assertThat(this.consultationMachine.fire(session, CONTINUE)).isFalse();
		assertThat(this.consultationMachine.fire(session, RELEASED)).isFalse();
		assertThat(session.stage()).isEqualTo(Stage.CONCERNS);
	}

	/**
	 * Machines are pooled by state and reused across sessions; every step must end
	 * exactly where a machine built and restored from the session for that one message
	 * ends. Random events over interleaved sessions (fixed seed), so pooled machines hop
	 * from one session to another and through the history.
	 */
	@Test
	void pooledMachinesEndWhereFreshlyRestoredOnesDo() {
		Random random = new Random(20261124);
		ConsultationEvent[] events = ConsultationEvent.values();
		List<Session> sessions = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			sessions.add((i % 2 == 0) ? answered() : new Session());
		}
		Set<Stage> reached = EnumSet.noneOf(Stage.class);
		Stage[] outside = { Stage.WAITING_FOR_AGENT, Stage.WITH_AGENT, Stage.RATING };
		for (int step = 0; step < 3000; step++) {
			if (step % 50 == 0) {
				// stored outside the consultation with nothing to resume (older or edited
				// data): a reused machine must not bring another session's history
				Session reset = sessions.get(random.nextInt(sessions.size()));
				reset.moveTo(outside[random.nextInt(outside.length)], reset.resume());
				reset.moveTo(reset.stage(), null);
			}
			Session session = sessions.get(random.nextInt(sessions.size()));
			ConsultationEvent event = events[random.nextInt(events.length)];
			Session expected = copy(session);
			boolean expectedChange = restoredFire(expected, event);
			String before = session.stage() + "/" + session.resume();
			boolean changed = this.consultationMachine.fire(session, event);
			assertThat(changed).as("step %d: %s in %s", step, event, before).isEqualTo(expectedChange);
			assertThat(session.stage() + "/" + session.resume()).as("step %d: %s in %s", step, event, before)
				.isEqualTo(expected.stage() + "/" + expected.resume());
			reached.add(session.stage());
		}
		assertThat(reached).containsAll(EnumSet.allOf(Stage.class));
	}

	/** What a message did before machines were pooled: build, restore, send, persist. */
	private boolean restoredFire(Session session, ConsultationEvent event) {
		StateMachine<MachineState, ConsultationEvent> machine = this.factory.getStateMachine();
		DefaultStateMachinePersister<MachineState, ConsultationEvent, Session> persister = new DefaultStateMachinePersister<>(
				new SessionPersist());
		try {
			persister.restore(machine, session);
			Stage before = session.stage();
			machine.sendEvent(Mono.just(MessageBuilder.withPayload(event).build())).blockLast();
			List<MachineState> ids = List.copyOf(machine.getState().getIds());
			if (ids.get(ids.size() - 1).stage() == before) {
				return false;
			}
			persister.persist(machine, session);
			return true;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			machine.stopReactively().block();
		}
	}

	private static Session copy(Session session) {
		Session copy = new Session();
		copy.moveTo(session.stage(), session.resume());
		session.concerns().forEach((id) -> copy.addConcern(id, session.concernWords(id)));
		session.strengths().forEach(copy::addStrength);
		if (session.role() != null) {
			copy.chooseRole(session.role());
		}
		return copy;
	}

	private StateMachine<MachineState, ConsultationEvent> machineFor(Session session) {
		StateMachine<MachineState, ConsultationEvent> machine = this.factory.getStateMachine();
		machine.getExtendedState().getVariables().put(ConsultationStateMachineConfiguration.SESSION, session);
		return machine;
	}

	private static Session answered() {
		Session session = new Session();
		session.addConcern("pay", null);
		session.addStrength("drive");
		session.chooseRole("accounting");
		return session;
	}

}
