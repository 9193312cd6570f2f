package com.careerconcierge.consultation.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.careerconcierge.consultation.Stage;

import org.springframework.statemachine.StateMachineContext;
import org.springframework.statemachine.StateMachinePersist;
import org.springframework.statemachine.support.DefaultExtendedState;
import org.springframework.statemachine.support.DefaultStateMachineContext;

/**
 * Maps the machine's context to our own {@link Session} record and back (no Kryo). The
 * leaf state becomes the session's stage; the consultation's shallow history becomes the
 * stage it resumes. Redis I/O happens elsewhere, so the session, its transcript and its
 * de-duplication mark are written together.
 */
class SessionPersist implements StateMachinePersist<MachineState, ConsultationEvent, Session> {

	@Override
	public void write(StateMachineContext<MachineState, ConsultationEvent> context, Session session) {
		Stage stage = context.getState().stage();
		MachineState history = context.getHistoryStates().get(MachineState.CONSULTATION);
		// Inside the consultation the history is the current stage itself; keep it only
		// outside.
		session.moveTo(stage, (history != null && !stage.isConsultation()) ? history.stage() : null);
	}

	@Override
	public StateMachineContext<MachineState, ConsultationEvent> read(Session session) {
		DefaultExtendedState extendedState = new DefaultExtendedState();
		extendedState.getVariables().put(ConsultationStateMachineConfiguration.SESSION, session);
		MachineState leaf = MachineState.of(session.stage());
		// Outside the consultation without a stored stage to resume, history defaults to
		// WELCOME, where a machine that never entered the consultation would go: said
		// explicitly, so a reused machine cannot keep another session's history.
		MachineState history = (session.resume() != null) ? MachineState.of(session.resume())
				: (session.stage().isConsultation() ? leaf : MachineState.WELCOME);
		// The consultation is a submachine state: its history is keyed by the parent's id
		// at the
		// top level, and by null inside the child context (as the persister itself builds
		// it).
		Map<MachineState, MachineState> historyStates = new HashMap<>();
		List<StateMachineContext<MachineState, ConsultationEvent>> children = new ArrayList<>();
		if (history != null) {
			historyStates.put(MachineState.CONSULTATION, history);
		}
		if (session.stage().isConsultation()) {
			Map<MachineState, MachineState> childHistory = new HashMap<>();
			childHistory.put(null, history);
			children.add(new DefaultStateMachineContext<>(new ArrayList<>(), leaf, null, null, extendedState,
					childHistory, null));
		}
		return new DefaultStateMachineContext<>(children, leaf, null, null, extendedState, historyStates, null);
	}

}
