import { transact } from '../events/transact.js';
import type { DueTask } from '../scheduler/dueWork.js';
import { settle, type PaymentDeps } from './settle.js';

const BATCH = 100;

/**
 * Payment steps left pending past their `retry_at`: the server stopped between recording an
 * attempt and recording its outcome, or the provider did not answer. Each is settled again with
 * its own idempotency key, so the provider answers with what it did the first time (or does it
 * now, if the first call never reached it). A step that still gets no answer waits another
 * `retryAfterMs`.
 */
export function pendingPaymentsTask(deps: PaymentDeps): DueTask {
  return {
    name: 'pending-payments',
    async nextDueAt() {
      const row = await deps.db
        .selectFrom('payments')
        .select('retry_at')
        .where('status', '=', 'pending')
        .where('retry_at', 'is not', null)
        .orderBy('retry_at')
        .limit(1)
        .executeTakeFirst();
      return row?.retry_at == null ? null : Number(row.retry_at);
    },
    async runDue(now) {
      const due = await deps.db.selectFrom('payments').select('id').where('status', '=', 'pending').where('retry_at', '<=', now).orderBy('retry_at').limit(BATCH).execute();
      const failures: unknown[] = [];
      for (const { id } of due) {
        try {
          await settle(deps, id);
        } catch (error) {
          failures.push(error);
          await transact(deps, (trx) => trx.updateTable('payments').set({ retry_at: now + deps.payments.retryAfterMs }).where('id', '=', id).where('status', '=', 'pending').execute());
        }
      }
      if (failures.length > 0) throw new AggregateError(failures, `${failures.length} pending payment step(s) could not be settled; retried in ${deps.payments.retryAfterMs / 1000} s`);
    },
  };
}
