import type { Announcement, Severity } from '../../shared/announcements.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Db, Trx } from '../db/database.js';
import { notify, type NotifyDeps } from '../notifications/notify.js';
import type { AnnouncementsTable } from '../db/schema.js';
import { InvalidRequestError } from '../errors.js';
import type { IdSource } from '../ids.js';
import { latestEventId } from '../events/eventLog.js';
import { announcementEvent } from '../events/topics.js';
import { transact, type Emit, type TransactDeps } from '../events/transact.js';

/** How many current announcements a page load shows at most (newest first). */
const CURRENT_LIMIT = 20;

export interface NewAnnouncement {
  title: string;
  body: string;
  severity: Severity;
  endsAt?: Date | undefined;
}

export async function announce(deps: TransactDeps & { ids: IdSource }, admin: TokenClaims, input: NewAnnouncement): Promise<Announcement> {
  const now = deps.clock.now();
  if (input.endsAt && input.endsAt.getTime() <= now.getTime()) throw new InvalidRequestError('endsAt must be in the future');
  const announcement: Announcement = {
    id: deps.ids.next(),
    title: input.title,
    body: input.body,
    severity: input.severity,
    endsAt: input.endsAt ?? null,
    createdAt: now,
  };
  return transact(deps, async (trx, emit) => {
    await trx
      .insertInto('announcements')
      .values({
        id: announcement.id,
        title: announcement.title,
        body: announcement.body,
        severity: announcement.severity,
        ends_at: announcement.endsAt?.getTime() ?? null,
        created_by: admin.userId,
        created_at: now.getTime(),
      })
      .execute();
    emit(announcementEvent(announcement));
    await notifyEveryone(trx, emit, deps, announcement);
    return announcement;
  });
}

/** Users per statement: keeps each INSERT well under SQLite's bound-parameter limit. */
const USERS_PER_INSERT = 500;

/**
 * Every account gets it in its notifications too (CONTRACT's kind `announcement`), besides the
 * banner everyone sees live: a page of users per INSERT, all in the announcement's transaction.
 */
async function notifyEveryone(trx: Trx, emit: Emit, deps: NotifyDeps, announcement: Announcement): Promise<void> {
  let after = '';
  for (;;) {
    const users = await trx.selectFrom('users').select('id').where('id', '>', after).orderBy('id').limit(USERS_PER_INSERT).execute();
    await notify(
      trx,
      emit,
      deps,
      users.map((user) => ({ userId: user.id, kind: 'announcement' as const, title: announcement.title, body: announcement.body, link: null })),
    );
    const last = users.at(-1);
    if (!last || users.length < USERS_PER_INSERT) return;
    after = last.id;
  }
}

/** The announcements not yet ended, and the cursor to follow system.onAnnouncement from (one read transaction). */
export async function currentAnnouncements(deps: { db: Db; clock: { now(): Date } }): Promise<{ items: Announcement[]; eventCursor: string }> {
  const now = deps.clock.now().getTime();
  return deps.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('announcements')
      .selectAll()
      .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(CURRENT_LIMIT)
      .execute();
    return { items: rows.map(toAnnouncement), eventCursor: String(await latestEventId(trx)) };
  });
}

function toAnnouncement(row: AnnouncementsTable): Announcement {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    severity: row.severity,
    endsAt: row.ends_at === null ? null : new Date(Number(row.ends_at)),
    createdAt: new Date(Number(row.created_at)),
  };
}
