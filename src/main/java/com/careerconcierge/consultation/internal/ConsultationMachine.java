package com.careerconcierge.consultation.internal;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import com.careerconcierge.consultation.Stage;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.config.StateMachineFactory;
import org.springframework.statemachine.persist.DefaultStateMachinePersister;
import org.springframework.statemachine.persist.StateMachinePersister;
import org.springframework.statemachine.state.AbstractState;
import org.springframework.statemachine.state.State;
import org.springframework.statemachine.support.StateMachineObjectSupport;
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
 * an idle machine of the state with the most idle ones (or, failing that, a new one) is
 * restored from the session. A machine serves one thread at a time; one that failed is
 * dropped. Each distinct case is run through a machine only once (see
 * {@link #decisions}).
 */
@Component
class ConsultationMachine {

	/** Idle machines kept in all: a few cores never use more at once. */
	private static final int MAX_IDLE = 256;

	private final StateMachineFactory<MachineState, ConsultationEvent> factory;

	private final StateMachinePersister<MachineState, ConsultationEvent, Session> persister = new DefaultStateMachinePersister<>(
			new SessionPersist());

	private final Map<Position, Queue<StateMachine<MachineState, ConsultationEvent>>> idle = new ConcurrentHashMap<>();

	private final AtomicInteger idleCount = new AtomicInteger();

	/**
	 * What the machine did in each case it has met. Its answer depends only on the
	 * session's position and on what the guards read, so each case is run through the
	 * machine once and then looked up: a few hundred cases at most, where running the
	 * machine (Reactor underneath) was a fifth of the CPU of a webhook under load.
	 */
	private final Map<Case, Position> decisions = new ConcurrentHashMap<>();

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
	boolean fire(Session session, ConsultationEvent event) {
		Case decided = new Case(Position.of(session), event, !session.concerns().isEmpty(),
				!session.strengths().isEmpty(), session.role() != null);
		Position after = this.decisions.get(decided);
		if (after == null) {
			return run(session, event, decided);
		}
		if (after.equals(decided.position())) {
			return false;
		}
		session.moveTo(after.stage(), after.resume());
		return true;
	}

	/**
	 * Sends the event to a real machine in the session's state, and remembers what it did
	 * unless the machine ended in an error.
	 */
	private boolean run(Session session, ConsultationEvent event, Case decided) {
		StateMachine<MachineState, ConsultationEvent> machine = take(pool(Position.of(session)));
		boolean reusable = false;
		try {
			if (machine == null) {
				machine = anyIdle();
				this.persister.restore(machine, session);
			}
			else {
				machine.getExtendedState().getVariables().put(ConsultationStateMachineConfiguration.SESSION, session);
			}
			MachineState before = MachineState.of(session.stage());
			// A guard that says no still counts as "accepted" in Spring Statemachine's
			// results, so the outcome is read from the state the machine ends in.
			machine.sendEvent(Mono.just(MessageBuilder.withPayload(event).build())).blockLast();
			MachineState after = null;
			for (MachineState id : machine.getState().getIds()) {
				after = id; // the leaf comes last
			}
			boolean changed = after != before;
			if (changed) {
				this.persister.persist(machine, session);
			}
			reusable = !machine.hasStateMachineError();
			if (reusable) {
				this.decisions.putIfAbsent(decided, changed ? Position.of(session) : decided.position());
			}
			return changed;
		}
		catch (Exception ex) {
			throw new IllegalStateException("State machine failed on " + event + " in " + session.stage(), ex);
		}
		finally {
			if (machine != null) {
				release(machine, reusable ? Position.of(session) : null);
			}
		}
	}

	/**
	 * An idle machine from the state with the most of them (where sessions end, as a
	 * rule), so that the states sessions are in keep theirs; a new one if none is idle.
	 */
	private StateMachine<MachineState, ConsultationEvent> anyIdle() {
		Queue<StateMachine<MachineState, ConsultationEvent>> fullest = null;
		int most = 0;
		for (Queue<StateMachine<MachineState, ConsultationEvent>> pool : this.idle.values()) {
			int size = pool.size();
			if (size > most) {
				fullest = pool;
				most = size;
			}
		}
		StateMachine<MachineState, ConsultationEvent> machine = (fullest != null) ? take(fullest) : null;
		return (machine != null) ? machine : anonymous(this.factory.getStateMachine());
	}

	/**
	 * Drops the factory's bean name from a new machine and its submachine. Spring
	 * Statemachine looks up annotated handlers ({@code @OnTransition} and the like) by
	 * that name on every state change, entry, exit and variable change, each time behind
	 * a lock and with a regular expression; we have no such handlers, and without a name
	 * the lookups are skipped. Such handlers added later would not be called: listen
	 * through a {@code StateMachineListener} instead.
	 */
	private static StateMachine<MachineState, ConsultationEvent> anonymous(
			StateMachine<MachineState, ConsultationEvent> machine) {
		if (machine instanceof StateMachineObjectSupport<?, ?> support) {
			support.setBeanName(null);
		}
		for (State<MachineState, ConsultationEvent> state : machine.getStates()) {
			if (state instanceof AbstractState<MachineState, ConsultationEvent> composite
					&& composite.getSubmachine() != null) {
				anonymous(composite.getSubmachine());
			}
		}
		return machine;
	}

	private StateMachine<MachineState, ConsultationEvent> take(
			Queue<StateMachine<MachineState, ConsultationEvent>> pool) {
		StateMachine<MachineState, ConsultationEvent> machine = pool.poll();
		if (machine != null) {
			this.idleCount.decrementAndGet();
		}
		return machine;
	}

	private void release(StateMachine<MachineState, ConsultationEvent> machine, Position position) {
		machine.getExtendedState().getVariables().remove(ConsultationStateMachineConfiguration.SESSION);
		if (position != null && this.idleCount.incrementAndGet() <= MAX_IDLE) {
			pool(position).offer(machine);
			return;
		}
		if (position != null) {
			this.idleCount.decrementAndGet();
		}
		machine.stopReactively().block();
	}

	private Queue<StateMachine<MachineState, ConsultationEvent>> pool(Position position) {
		return this.idle.computeIfAbsent(position, (key) -> new ConcurrentLinkedQueue<>());
	}

	/**
	 * Everything a machine's state holds besides the session itself, as
	 * {@link SessionPersist} stores it.
	 */
	private record Position(Stage stage, Stage resume) {

		static Position of(Session session) {
			return new Position(session.stage(), session.resume());
		}

	}

	/**
	 * Everything the machine's answer to an event depends on: where the session is, and
	 * what its guards look at.
	 */
	private record Case(Position position, ConsultationEvent event, boolean concerns, boolean strengths, boolean role) {

	}

}
