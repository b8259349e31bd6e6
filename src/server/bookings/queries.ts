import type { Booking, Service } from '../../shared/bookings.js';
import type { Executor } from '../db/database.js';
import type { ServicesTable } from '../db/schema.js';
import { NotFoundError } from '../errors.js';

// PostgreSQL hands bigint columns back as strings; SQLite as numbers.
const time = (value: number | string) => new Date(Number(value));

export function toService(row: Pick<ServicesTable, 'id' | 'shop_id' | 'name' | 'duration_minutes' | 'price_cents' | 'created_at'>): Service {
  return {
    id: row.id,
    shopId: row.shop_id,
    name: row.name,
    durationMinutes: Number(row.duration_minutes),
    priceCents: Number(row.price_cents),
    createdAt: time(row.created_at),
  };
}

/** Bookings with the names a person reads beside them: the service, the shop, the buyer. */
function bookingRows(db: Executor) {
  return db
    .selectFrom('bookings')
    .innerJoin('services', 'services.id', 'bookings.service_id')
    .innerJoin('shops', 'shops.id', 'bookings.shop_id')
    .innerJoin('users', 'users.id', 'bookings.buyer_id')
    .select([
      'bookings.id',
      'bookings.shop_id',
      'shops.name as shop_name',
      'bookings.service_id',
      'services.name as service_name',
      'bookings.buyer_id',
      'users.name as buyer_name',
      'bookings.starts_at',
      'bookings.ends_at',
      'bookings.price_cents',
      'bookings.status',
      'bookings.created_at',
    ]);
}

type BookingRow = Awaited<ReturnType<ReturnType<typeof bookingRows>['executeTakeFirstOrThrow']>>;

function toBooking(row: BookingRow): Booking {
  return {
    id: row.id,
    shopId: row.shop_id,
    shopName: row.shop_name,
    serviceId: row.service_id,
    serviceName: row.service_name,
    buyerId: row.buyer_id,
    buyerName: row.buyer_name,
    startsAt: time(row.starts_at),
    endsAt: time(row.ends_at),
    priceCents: Number(row.price_cents),
    status: row.status,
    createdAt: time(row.created_at),
  };
}

export async function loadBooking(db: Executor, bookingId: string): Promise<Booking> {
  const row = await bookingRows(db).where('bookings.id', '=', bookingId).executeTakeFirst();
  if (!row) throw new NotFoundError('Booking');
  return toBooking(row);
}

/** A buyer's bookings, the latest start first. */
export async function buyerBookings(db: Executor, buyerId: string, limit: number): Promise<Booking[]> {
  const rows = await bookingRows(db).where('bookings.buyer_id', '=', buyerId).orderBy('bookings.starts_at', 'desc').orderBy('bookings.id', 'desc').limit(limit).execute();
  return rows.map(toBooking);
}

/** A shop's bookings starting in [from, to), earliest first. */
export async function shopBookings(db: Executor, shopId: string, from: Date, to: Date, limit: number): Promise<Booking[]> {
  const rows = await bookingRows(db)
    .where('bookings.shop_id', '=', shopId)
    .where('bookings.starts_at', '>=', from.getTime())
    .where('bookings.starts_at', '<', to.getTime())
    .orderBy('bookings.starts_at')
    .orderBy('bookings.id')
    .limit(limit)
    .execute();
  return rows.map(toBooking);
}

export async function serviceRow(db: Executor, serviceId: string) {
  const row = await db.selectFrom('services').select(['id', 'shop_id', 'name', 'duration_minutes', 'price_cents', 'created_at']).where('id', '=', serviceId).executeTakeFirst();
  if (!row) throw new NotFoundError('Service');
  return row;
}
