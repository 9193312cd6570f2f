package com.careerconcierge.consultation.internal;

import java.util.List;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.config.StateMachineFactory;
import org.springframework.statemachine.persist.DefaultStateMachinePersister;

import reactor.core.publisher.Mono;

/**
 * What one change of stage costs in Spring Statemachine, single-threaded: a machine built
 * and restored for the message (how it was done at first) against a machine taken from
 * the pool of machines already in the session's state ({@link ConsultationMachine}). Each
 * operation walks one session from WELCOME to COMPLETED (five transitions). Run with
 * {@code ./mvnw -Pbenchmark verify -Dbench.main=com.careerconcierge.consultation.internal.ConsultationMachineBenchmark}.
 */
public final class ConsultationMachineBenchmark {

	private static final List<ConsultationEvent> WALK = List.of(ConsultationEvent.BEGIN, ConsultationEvent.CONTINUE,
			ConsultationEvent.CONTINUE, ConsultationEvent.CONTINUE, ConsultationEvent.CONTINUE);

	private ConsultationMachineBenchmark() {
	}

	@SuppressWarnings("unchecked")
	public static void main(String[] args) throws Exception {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(
				ConsultationStateMachineConfiguration.class, ConsultationMachine.class)) {
			StateMachineFactory<MachineState, ConsultationEvent> factory = context
				.getBean("consultationStateMachineFactory", StateMachineFactory.class);
			ConsultationMachine pooled = context.getBean(ConsultationMachine.class);
			DefaultStateMachinePersister<MachineState, ConsultationEvent, Session> persister = new DefaultStateMachinePersister<>(
					new SessionPersist());
			for (int round = 0; round < 3; round++) {
				System.out.printf("round %d: built and restored per message %.1f µs, pooled %.1f µs per transition%n",
						round + 1, perTransition(() -> walk((session, event) -> {
							StateMachine<MachineState, ConsultationEvent> machine = factory.getStateMachine();
							persister.restore(machine, session);
							machine.sendEvent(Mono.just(MessageBuilder.withPayload(event).build())).blockLast();
							persister.persist(machine, session);
							machine.stopReactively().block();
						})), perTransition(() -> walk(pooled::fire)));
			}
		}
	}

	private static double perTransition(Walk walk) throws Exception {
		int sessions = 20_000;
		for (int i = 0; i < sessions / 4; i++) {
			walk.run();
		}
		long start = System.nanoTime();
		for (int i = 0; i < sessions; i++) {
			walk.run();
		}
		return (System.nanoTime() - start) / 1_000.0 / sessions / WALK.size();
	}

	private static void walk(Step step) throws Exception {
		Session session = new Session();
		session.addConcern("pay", null);
		session.addStrength("drive");
		session.chooseRole("accounting");
		for (ConsultationEvent event : WALK) {
			step.fire(session, event);
		}
		if (session.stage() != com.careerconcierge.consultation.Stage.COMPLETED) {
			throw new IllegalStateException("Walk ended in " + session.stage());
		}
	}

	private interface Walk {

		void run() throws Exception;

	}

	private interface Step {

		void fire(Session session, ConsultationEvent event) throws Exception;

	}

}
