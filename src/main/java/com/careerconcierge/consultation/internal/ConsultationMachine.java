package com.careerconcierge.consultation.internal;

import com.careerconcierge.consultation.ConsultationEvent;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.StateMachineEventResult.ResultType;
import org.springframework.statemachine.config.StateMachineFactory;
import org.springframework.statemachine.persist.DefaultStateMachinePersister;
import org.springframework.statemachine.persist.StateMachinePersister;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Moves a session from stage to stage: a fresh machine from the factory, restored from the
 * session, sent one event, written back. Machines are never shared between threads.
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
	 * @return whether the machine accepted the event (false: no transition, or a guard said no)
	 */
	public boolean fire(Session session, ConsultationEvent event) {
		StateMachine<MachineState, ConsultationEvent> machine = this.factory.getStateMachine();
		try {
			this.persister.restore(machine, session);
			boolean accepted = machine.sendEvent(Mono.just(MessageBuilder.withPayload(event).build()))
				.toStream()
				.anyMatch((result) -> result.getResultType() == ResultType.ACCEPTED);
			if (accepted) {
				this.persister.persist(machine, session);
			}
			return accepted;
		}
		catch (Exception ex) {
			throw new IllegalStateException("State machine failed on " + event + " in " + session.stage, ex);
		}
		finally {
			machine.stopReactively().block();
		}
	}

}
