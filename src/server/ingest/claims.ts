import type { Db, Trx } from '../db/database.js';
import type { ChangeOptions, CommitQueue, Work } from '../events/transact.js';

export interface MessageClaim {
  messageId: string;
  type: string;
  source: string;
  now: number;
}

/** The change a message asks for is in place already: it was applied before (a redelivery, or the same id sent twice). */
export class AlreadyApplied extends Error {
  constructor(readonly messageId: string) {
    super(`Message ${messageId} was applied before`);
    this.name = 'AlreadyApplied';
  }
}

/** Records the message as applied; false if it was already. Portable: ON CONFLICT DO NOTHING waits for a concurrent claim (PostgreSQL) and then does nothing. */
async function claimMessage(trx: Trx, claim: MessageClaim): Promise<boolean> {
  const inserted = await trx
    .insertInto('ingest_messages')
    .values({ message_id: claim.messageId, type: claim.type, source: claim.source, applied_at: claim.now })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
}

/**
 * The commit queue a message's handler writes through: its one change also claims the message id,
 * in the same transaction, so the change and the record that it was made commit together or not
 * at all. A redelivery after a crash between the commit and the broker's ack finds the claim and
 * throws AlreadyApplied, rolling back nothing but itself. A handler makes exactly one change.
 */
export function claimingQueue(inner: CommitQueue, claim: MessageClaim): CommitQueue {
  let used = false;
  // The claim is an INSERT … ON CONFLICT DO NOTHING, sound at whatever isolation the handler's change asks for.
  const runTracked = <R>(work: Work<R>, options?: ChangeOptions) => {
    if (used) return Promise.reject(new Error('An ingest handler makes exactly one change'));
    used = true;
    return inner.runTracked<R>(async (trx, emit) => {
      if (!(await claimMessage(trx, claim))) throw new AlreadyApplied(claim.messageId);
      return work(trx, emit);
    }, options);
  };
  return {
    run: async (work, options) => (await runTracked(work, options)).result,
    runTracked,
    drain: () => inner.drain(),
    pending: () => inner.pending(),
  };
}

/** Drops the ids of messages applied before `before` (the broker redelivers within minutes, not weeks), a batch per statement so the writer is never held long. */
export async function pruneClaims(db: Db, before: Date, batch = 1000): Promise<number> {
  let pruned = 0;
  for (;;) {
    const result = await db
      .deleteFrom('ingest_messages')
      .where('message_id', 'in', (eb) => eb.selectFrom('ingest_messages').select('message_id').where('applied_at', '<', before.getTime()).limit(batch))
      .executeTakeFirst();
    const deleted = Number(result.numDeletedRows);
    pruned += deleted;
    if (deleted < batch) return pruned;
  }
}
