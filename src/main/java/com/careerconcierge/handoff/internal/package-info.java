/**
 * The handoff's machinery: the queue and handoff records in Redis, business hours, and
 * the pub/sub that carries agent events across instances.
 */
package com.careerconcierge.handoff.internal;
