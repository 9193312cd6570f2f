/**
 * Meetings with career advisors (面談): free slots from the advisors' hours, bookings taken
 * atomically in Redis, reminders on the user's channel, and the agent API under
 * {@code /api/agent/bookings}. Implements the consultation's {@code Appointments}; uses
 * the handoff's agents and business hours as the default advisors and hours.
 */
@ApplicationModule(displayName = "Booking", allowedDependencies = { "consultation", "handoff", "support" })
package com.careerconcierge.booking;

import org.springframework.modulith.ApplicationModule;
