import type { Notification } from '../../shared/notification.js';
import type { Db } from '../db/database.js';
import { NotFoundError } from '../errors.js';
import { latestEventId } from '../events/eventLog.js';
import { userEvent } from '../events/topics.js';
import { transact, type TransactDeps } from '../events/transact.js';
import { pageNotifications, unreadCount, type NotificationPage } from './queries.js';

export interface NotificationList {
  items: Notification[];
  nextCursor: string | null;
  unreadCount: number;
  /** The newest event already reflected in this page and count: subscribe from it. */
  eventCursor: string;
}

/** One read transaction, so the page, the count and the cursor agree (DESIGN §3). */
export async function listNotifications(db: Db, userId: string, page: NotificationPage): Promise<NotificationList> {
  return db.transaction().execute(async (trx) => ({
    ...(await pageNotifications(trx, userId, page)),
    unreadCount: await unreadCount(trx, userId),
    eventCursor: String(await latestEventId(trx)),
  }));
}

export type MarkRead = { ids: readonly string[] } | { all: true };

/**
 * Marks the caller's own notifications read and tells their other tabs (`read` on `user:<id>`).
 * An id that is not one of the caller's answers NOT_FOUND and nothing is marked: whether it is
 * someone else's or no one's is not told. Already read ones are fine (and not announced again).
 */
export function markNotificationsRead(deps: TransactDeps, userId: string, input: MarkRead): Promise<{ unreadCount: number }> {
  return transact(deps, async (trx, emit) => {
    const now = deps.clock.now().getTime();
    let marked: string[];
    if ('ids' in input) {
      const wanted = [...new Set(input.ids)];
      const rows = await trx.selectFrom('notifications').select(['id', 'read_at']).where('user_id', '=', userId).where('id', 'in', wanted).execute();
      if (rows.length !== wanted.length) {
        const mine = new Set(rows.map((r) => r.id));
        throw new NotFoundError(`Notification ${wanted.find((id) => !mine.has(id)) ?? ''}`);
      }
      marked = rows.filter((r) => r.read_at === null).map((r) => r.id);
      if (marked.length > 0) {
        await trx.updateTable('notifications').set({ read_at: now }).where('user_id', '=', userId).where('id', 'in', marked).execute();
      }
    } else {
      const rows = await trx.updateTable('notifications').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null).returning('id').execute();
      marked = rows.map((r) => r.id);
    }
    const count = await unreadCount(trx, userId);
    if (marked.length > 0) emit(userEvent(userId, { type: 'read', ids: marked.sort(), unreadCount: count }));
    return { unreadCount: count };
  });
}
