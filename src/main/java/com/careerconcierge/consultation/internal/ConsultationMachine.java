package com.careerconcierge.consultation.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

import com.careerconcierge.consultation.ConsultationEvent;
import com.careerconcierge.consultation.Stage;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.config.StateMachineFactory;
import org.springframework.statemachine.persist.DefaultStateMachinePersister;
import org.springframework.statemachine.persist.StateMachinePersister;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Moves a session from stage to stage: a machine in the session's state is sent one
 * event, and the state it ends in is written back to the session.
 * <p>
 * Building a machine, and restoring one (stop, reset, start), cost far more than the
 * transition itself, so machines are kept running between messages, in pools keyed by
 * their whole state: the stage and the consultation's history. A session takes a machine
 * from the pool of its own state (that machine is exactly what restoring would give), and
 * the machine goes back into the pool of the state it ends in. When that pool is empty,
 * an idle machine of another state (or, failing that, a new one) is restored from the
 * session. A machine serves one thread at a time; one that failed is dropped.
 */
@Component
public class ConsultationMachine {

	/** Idle machines kept per state: a few cores never use more at once. */
	private static final int IDLE_PER_STATE = 16;

	private final StateMachineFactory<MachineState, ConsultationEvent> factory;

	private final StateMachinePersister<MachineState, ConsultationEvent, Session> persister = new DefaultStateMachinePersister<>(
			new SessionPersist());

	private final Map<Position, BlockingQueue<StateMachine<MachineState, ConsultationEvent>>> idle = new ConcurrentHashMap<>();

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
		StateMachine<MachineState, ConsultationEvent> machine = pool(Position.of(session)).poll();
		boolean reusable = false;
		try {
			if (machine == null) {
				machine = anyIdle();
				this.persister.restore(machine, session);
			}
			else {
				machine.getExtendedState().getVariables().put(ConsultationStateMachineConfiguration.SESSION, session);
			}
			MachineState before = MachineState.of(session.stage);
			// A guard that says no still counts as "accepted" in Spring Statemachine's
			// results, so the outcome is read from the state the machine ends in.
			machine.sendEvent(Mono.just(MessageBuilder.withPayload(event).build())).blockLast();
			List<MachineState> ids = List.copyOf(machine.getState().getIds());
			boolean changed = ids.get(ids.size() - 1) != before;
			if (changed) {
				this.persister.persist(machine, session);
			}
			reusable = !machine.hasStateMachineError();
			return changed;
		}
		catch (Exception ex) {
			throw new IllegalStateException("State machine failed on " + event + " in " + session.stage, ex);
		}
		finally {
			if (machine != null) {
				release(machine, reusable ? Position.of(session) : null);
			}
		}
	}

	/** An idle machine in another state (restoring it is cheaper than building one). */
	private StateMachine<MachineState, ConsultationEvent> anyIdle() {
		for (BlockingQueue<StateMachine<MachineState, ConsultationEvent>> pool : this.idle.values()) {
			StateMachine<MachineState, ConsultationEvent> machine = pool.poll();
			if (machine != null) {
				return machine;
			}
		}
		return this.factory.getStateMachine();
	}

	private void release(StateMachine<MachineState, ConsultationEvent> machine, Position position) {
		machine.getExtendedState().getVariables().remove(ConsultationStateMachineConfiguration.SESSION);
		if (position == null || !pool(position).offer(machine)) {
			machine.stopReactively().block();
		}
	}

	private BlockingQueue<StateMachine<MachineState, ConsultationEvent>> pool(Position position) {
		return this.idle.computeIfAbsent(position, (key) -> new ArrayBlockingQueue<>(IDLE_PER_STATE));
	}

	/**
	 * Everything a machine's state holds besides the session itself, as
	 * {@link SessionPersist} stores it.
	 */
	private record Position(Stage stage, Stage resume) {

		static Position of(Session session) {
			return new Position(session.stage, session.resume);
		}

	}

}
