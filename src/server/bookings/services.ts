import { hasShopRight } from '../../shared/shopRights.js';
import { gridSlots, LIVE_BOOKING_STATUSES, MINUTE_MS, type Service } from '../../shared/bookings.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Clock } from '../clock.js';
import type { Executor } from '../db/database.js';
import { ConflictError, ForbiddenError, InvalidRequestError } from '../errors.js';
import { transact, type TransactDeps } from '../events/transact.js';
import type { IdSource } from '../ids.js';
import { assertShopExists, assertShopRole } from '../shops/access.js';
import { serviceRow, toService } from './queries.js';

/** The longest span `service.slots` lists at once. */
export const MAX_SLOT_SPAN_DAYS = 7;

export async function createService(
  deps: TransactDeps & { ids: IdSource },
  user: TokenClaims,
  input: { shopId: string; name: string; durationMinutes: number; priceCents: number },
): Promise<Service> {
  return transact(deps, async (trx) => {
    const role = await assertShopRole(trx, user, input.shopId, 'operate');
    if (!hasShopRight(role, 'manageCatalog')) throw new ForbiddenError("Only the shop's owners and managers can add services");
    const same = await trx.selectFrom('services').select('id').where('shop_id', '=', input.shopId).where('name', '=', input.name).executeTakeFirst();
    if (same) throw new ConflictError(`This shop already offers a service named ${input.name}`, 'service_name_taken');
    const row = {
      id: deps.ids.next(),
      shop_id: input.shopId,
      name: input.name,
      duration_minutes: input.durationMinutes,
      price_cents: input.priceCents,
      created_at: deps.clock.now().getTime(),
    };
    await trx.insertInto('services').values(row).execute();
    return toService(row);
  });
}

/** A shop's services by name; public, like its products. */
export async function listServices(db: Executor, shopId: string): Promise<Service[]> {
  await assertShopExists(db, shopId);
  const rows = await db.selectFrom('services').selectAll().where('shop_id', '=', shopId).orderBy('name').orderBy('id').execute();
  return rows.map(toService);
}

export interface SlotView {
  startsAt: Date;
  endsAt: Date;
  /** No live booking of the service overlaps it. */
  free: boolean;
}

/**
 * The service's grid slots that start in [from, to) and are still ahead, each with whether it is
 * free. Public: it says when the service is busy, never who booked it.
 */
export async function serviceSlots(db: Executor, clock: Clock, input: { serviceId: string; from: Date; to: Date }): Promise<SlotView[]> {
  if (input.to.getTime() <= input.from.getTime()) throw new InvalidRequestError('`to` must be after `from`');
  if (input.to.getTime() - input.from.getTime() > MAX_SLOT_SPAN_DAYS * 24 * 60 * MINUTE_MS) throw new InvalidRequestError(`Ask for at most ${MAX_SLOT_SPAN_DAYS} days of slots at once`);
  const service = await serviceRow(db, input.serviceId);
  const now = clock.now().getTime();
  const from = new Date(Math.max(input.from.getTime(), now + 1));
  const slots = gridSlots(Number(service.duration_minutes), from, input.to);
  const first = slots[0];
  const last = slots.at(-1);
  if (!first || !last) return [];
  const busy = await db
    .selectFrom('bookings')
    .select(['starts_at', 'ends_at'])
    .where('service_id', '=', service.id)
    .where('status', 'in', LIVE_BOOKING_STATUSES)
    .where('starts_at', '<', last.endsAt.getTime())
    .where('ends_at', '>', first.startsAt.getTime())
    .execute();
  return slots.map((slot) => ({
    ...slot,
    free: !busy.some((b) => Number(b.starts_at) < slot.endsAt.getTime() && Number(b.ends_at) > slot.startsAt.getTime()),
  }));
}
