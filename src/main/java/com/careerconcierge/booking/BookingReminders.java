package com.careerconcierge.booking;

import java.util.Optional;

import com.careerconcierge.consultation.Appointments.Appointment;
import com.careerconcierge.consultation.Consultation;
import com.careerconcierge.consultation.Reminder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends the reminders that are due, earliest first, on the user's own channel. A reminder
 * leaves Redis only once its message is queued in the user's outbox, and the message is
 * queued under the reminder's own event id, so a retry, a restart or a second instance
 * sending the same reminder says nothing twice.
 */
@Component
public class BookingReminders {

	private static final Logger log = LoggerFactory.getLogger(BookingReminders.class);

	private static final int BATCH = 50;

	private final Bookings bookings;

	private final Consultation consultation;

	BookingReminders(Bookings bookings, Consultation consultation) {
		this.bookings = bookings;
		this.consultation = consultation;
	}

	/**
	 * Sends what is due now.
	 * @return how many reminders were handled
	 */
	@Scheduled(fixedDelayString = "${concierge.booking.reminder-check:15s}")
	public int sendDue() {
		int handled = 0;
		try {
			for (String due : this.bookings.dueReminders(BATCH)) {
				int colon = due.lastIndexOf(':');
				String id = due.substring(0, colon);
				Reminder reminder = due.endsWith(":day") ? Reminder.DAY_BEFORE : Reminder.HOUR_BEFORE;
				Optional<Appointment> booking = this.bookings.find(id);
				if (booking.isPresent() && "booked".equals(booking.get().status())
						&& this.bookings.stale(booking.get(), reminder)) {
					log.info("Skipped the {} reminder of booking {}: too late now", reminder, id);
				}
				else if (booking.isPresent() && "booked".equals(booking.get().status())) {
					this.consultation.remind(booking.get(), reminder, "reminder:" + due);
					log.info("Reminded {} of booking {} ({})", booking.get().conversation(), id, reminder);
				}
				this.bookings.reminded(due);
				handled++;
			}
		}
		catch (RuntimeException ex) {
			// what is not removed stays due and is tried again on the next round
			log.warn("Could not send the due booking reminders: {}", ex.toString());
		}
		return handled;
	}

}
