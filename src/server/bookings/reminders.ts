import { LIVE_BOOKING_STATUSES, MINUTE_MS } from '../../shared/bookings.js';
import { transact, type TransactDeps } from '../events/transact.js';
import type { IdSource } from '../ids.js';
import { notify } from '../notifications/notify.js';
import type { DueTask } from '../scheduler/dueWork.js';
import { bookingReminderNotice } from './messages.js';
import { loadBooking } from './queries.js';

const BATCH = 100;

/**
 * A booking's buyer is reminded `minutes` before it starts (BOOKING_REMINDER_MINUTES), once. The
 * work is the bookings themselves: live ones whose `reminder_sent_at` is still null. Computed
 * from the start at each look, so a changed setting applies to every booking not yet reminded.
 */
export function bookingReminders(deps: TransactDeps & { ids: IdSource }, minutes: number): DueTask {
  const leadMs = minutes * MINUTE_MS;
  const pending = () => deps.db.selectFrom('bookings').where('reminder_sent_at', 'is', null).where('status', 'in', LIVE_BOOKING_STATUSES);
  return {
    name: 'booking reminders',
    async nextDueAt() {
      const row = await pending()
        .select((eb) => eb.fn.min('starts_at').as('first'))
        .executeTakeFirst();
      return row?.first === null || row?.first === undefined ? null : Number(row.first) - leadMs;
    },
    async runDue(now) {
      for (;;) {
        const due = await pending().select('id').where('starts_at', '<=', now + leadMs).orderBy('starts_at').limit(BATCH).execute();
        // Submitted together, they share a group commit; each still claims its own booking.
        await Promise.all(due.map((row) => remind(deps, row.id, now)));
        if (due.length < BATCH) return;
      }
    },
  };
}

/**
 * Claims the booking's reminder and writes the notification in one transaction: a retry, a
 * restart or a second instance finds it claimed and sends nothing. A booking that has already
 * started (the server was down past its start) is passed over rather than reminded late.
 */
async function remind(deps: TransactDeps & { ids: IdSource }, bookingId: string, now: number): Promise<void> {
  await transact(deps, async (trx, emit) => {
    const claimed = await trx
      .updateTable('bookings')
      .set({ reminder_sent_at: now })
      .where('id', '=', bookingId)
      .where('reminder_sent_at', 'is', null)
      .where('status', 'in', LIVE_BOOKING_STATUSES)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return;
    const booking = await loadBooking(trx, bookingId);
    if (booking.startsAt.getTime() <= now) return;
    await notify(trx, emit, deps, bookingReminderNotice(booking, now));
  });
}
