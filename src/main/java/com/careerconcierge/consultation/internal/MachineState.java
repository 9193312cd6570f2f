package com.careerconcierge.consultation.internal;

import com.careerconcierge.consultation.Stage;

/**
 * The state machine's states: every {@link Stage}, plus the parent state that groups the
 * consultation and its shallow-history pseudo-state.
 */
enum MachineState {

	CONSULTATION, HISTORY, WELCOME, CONCERNS, STRENGTHS, TARGET_ROLE, NEXT_STEPS, BOOKING, COMPLETED, WAITING_FOR_AGENT,
	WITH_AGENT, RATING;

	static MachineState of(Stage stage) {
		return valueOf(stage.name());
	}

	Stage stage() {
		return Stage.valueOf(name());
	}

}
