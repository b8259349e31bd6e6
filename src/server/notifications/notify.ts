import type { Insertable } from 'kysely';
import type { Notification, NotificationKind } from '../../shared/notification.js';
import type { Clock } from '../clock.js';
import type { Trx } from '../db/database.js';
import { prepared } from '../db/prepared.js';
import type { NotificationsTable } from '../db/schema.js';
import { userEvent } from '../events/topics.js';
import type { Emit } from '../events/transact.js';
import type { IdSource } from '../ids.js';

/** Something to tell one person. `link` is a path inside the SPA (`/orders`), or null. */
export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
}

export interface NotifyDeps {
  ids: IdSource;
  clock: Clock;
}

// The order path runs these; built and compiled once per row count (see db/prepared.ts).
const insertNotifications = prepared((db, rows: Insertable<NotificationsTable>[]) => db.insertInto('notifications').values(rows));
const shopMembers = prepared((db, p: { shopId: string }) =>
  db.selectFrom('shop_sellers').innerJoin('shops', 'shops.id', 'shop_sellers.shop_id').select(['shop_sellers.user_id', 'shops.name']).where('shop_sellers.shop_id', '=', p.shopId),
);

/**
 * Tells people something, as part of the caller's change: call it inside `transact` with that
 * change's `trx` and `emit`, so the rows and their `user:<id>` events commit (or roll back) with
 * the change that caused them. All of `notes` go in one INSERT. Answers what was stored.
 *
 *   await notify(trx, emit, deps, { userId, kind: 'message', title: 'New message', body, link: '/chat/…' });
 */
export async function notify(trx: Trx, emit: Emit, deps: NotifyDeps, notes: NewNotification | readonly NewNotification[]): Promise<Notification[]> {
  const list = ([] as NewNotification[]).concat(notes);
  if (list.length === 0) return [];
  const createdAt = deps.clock.now();
  const stored = list.map((note) => ({
    userId: note.userId,
    notification: { id: deps.ids.next(), kind: note.kind, title: note.title, body: note.body, link: note.link, createdAt, readAt: null },
  }));
  await insertNotifications.run(
    trx,
    stored.map(({ userId, notification: n }) => ({
      id: n.id,
      user_id: userId,
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link,
      created_at: createdAt.getTime(),
      read_at: null,
    })),
  );
  emit(...stored.map(({ userId, notification }) => userEvent(userId, { type: 'notification', notification })));
  return stored.map((s) => s.notification);
}

/** What to tell every member of a shop; given the shop's name, which the member query reads anyway. */
export type ShopNotices = (shop: { name: string }) => readonly Omit<NewNotification, 'userId'>[];

/**
 * Tells every member of a shop (each row of `shop_sellers`, whatever their role) the same things:
 * one query for the members and the shop's name, one INSERT for every member times every notice.
 */
export async function notifyShop(trx: Trx, emit: Emit, deps: NotifyDeps, shopId: string, notices: ShopNotices): Promise<Notification[]> {
  const members = await shopMembers.execute(trx, { shopId });
  const first = members[0];
  if (!first) return [];
  const list = notices({ name: first.name });
  return notify(
    trx,
    emit,
    deps,
    members.flatMap((member) => list.map((notice) => ({ ...notice, userId: member.user_id }))),
  );
}
