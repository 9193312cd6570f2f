package com.careerconcierge.consultation.internal;

import java.util.List;

import com.careerconcierge.consultation.ConsultationEvent;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.config.StateMachineFactory;
import org.springframework.statemachine.persist.DefaultStateMachinePersister;
import org.springframework.statemachine.persist.StateMachinePersister;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Moves a session from stage to stage: a fresh machine from the factory, restored from
 * the session, sent one event, written back. Machines are never shared between threads.
 */
@Component
public class ConsultationMachine {

	private final StateMachineFactory<MachineState, ConsultationEvent> factory;

	private final StateMachinePersister<MachineState, ConsultationEvent, Session> persister = new DefaultStateMachinePersister<>(
			new SessionPersist());

	ConsultationMachine(
			@Qualifier("consultationStateMachineFactory") StateMachineFactory<MachineState, ConsultationEvent> factory) {
		this.factory = factory;
	}

	/**
	 * Sends one event for the session and records the resulting stage in it.
	 * @param session the session, updated in place when the event is accepted
	 * @param event what happened
	 * @return whether the stage changed (false: no transition for the event here, or a
	 * guard said no)
	 */
	public boolean fire(Session session, ConsultationEvent event) {
		StateMachine<MachineState, ConsultationEvent> machine = this.factory.getStateMachine();
		try {
			this.persister.restore(machine, session);
			MachineState before = MachineState.of(session.stage);
			// A guard that says no still counts as "accepted" in Spring Statemachine's
			// results, so
			// the outcome is read from the state the machine ends in.
			machine.sendEvent(Mono.just(MessageBuilder.withPayload(event).build())).blockLast();
			List<MachineState> ids = List.copyOf(machine.getState().getIds());
			MachineState after = ids.get(ids.size() - 1);
			if (after == before) {
				return false;
			}
			this.persister.persist(machine, session);
			return true;
		}
		catch (Exception ex) {
			throw new IllegalStateException("State machine failed on " + event + " in " + session.stage, ex);
		}
		finally {
			machine.stopReactively().block();
		}
	}

}
