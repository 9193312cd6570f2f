/**
 * The consultation: takes one channel-neutral inbound message and answers with replies,
 * walking the user through concerns, strengths, a target role and next steps. Only
 * {@code consultation.internal} knows that a Spring State Machine and Redis do the work.
 * Channels use {@code Consultation}, the agent desk {@code AgentSide}; the consultation
 * reaches the desk through its own {@code AgentDesk} port.
 */
@ApplicationModule(displayName = "Consultation", allowedDependencies = "support")
package com.careerconcierge.consultation;

import org.springframework.modulith.ApplicationModule;
