import type { Notification, NotificationKind } from '../../shared/notification.js';
import type { Executor } from '../db/database.js';
import type { NotificationsTable } from '../db/schema.js';

export function toNotification(row: NotificationsTable): Notification {
  return {
    id: row.id,
    kind: row.kind as NotificationKind,
    title: row.title,
    body: row.body,
    link: row.link,
    createdAt: new Date(Number(row.created_at)),
    readAt: row.read_at === null ? null : new Date(Number(row.read_at)),
  };
}

export async function unreadCount(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

export interface NotificationPage {
  /** The id of the last notification of the page before; absent: the newest. */
  cursor?: string | null | undefined;
  limit: number;
  unreadOnly?: boolean | undefined;
}

/** Newest first. Ids are UUIDv7s made in order, so the id alone is the keyset. */
export async function pageNotifications(db: Executor, userId: string, page: NotificationPage): Promise<{ items: Notification[]; nextCursor: string | null }> {
  let query = db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
  if (page.unreadOnly) query = query.where('read_at', 'is', null);
  if (page.cursor) query = query.where('id', '<', page.cursor);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const pageRows = rows.slice(0, page.limit);
  const last = pageRows.at(-1);
  return { items: pageRows.map(toNotification), nextCursor: rows.length > page.limit && last ? last.id : null };
}
