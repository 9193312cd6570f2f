/**
 * The consultation: takes one channel-neutral inbound message and answers with replies,
 * walking the user through concerns, strengths, a target role and next steps. Only
 * {@code consultation.internal} knows that a Spring State Machine and Redis do the work.
 */
package com.careerconcierge.consultation;
