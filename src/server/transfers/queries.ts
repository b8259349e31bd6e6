import type { Transfer, TransferStatus } from '../../shared/transfers.js';
import type { Executor } from '../db/database.js';
import { NotFoundError } from '../errors.js';

/** Transfers with the names a screen shows: both shops, the product (as the source calls it), who sent and who received. */
function transfersQuery(db: Executor) {
  return db
    .selectFrom('transfers as t')
    .innerJoin('shops as fs', 'fs.id', 't.from_shop_id')
    .innerJoin('shops as ts', 'ts.id', 't.to_shop_id')
    .innerJoin('products as p', 'p.id', 't.from_product_id')
    .innerJoin('users as s', 's.id', 't.sent_by')
    .leftJoin('users as r', 'r.id', 't.received_by')
    .select([
      't.id',
      't.from_shop_id',
      'fs.name as from_shop_name',
      't.to_shop_id',
      'ts.name as to_shop_name',
      't.sku',
      't.from_product_id',
      't.to_product_id',
      'p.name as product_name',
      't.quantity',
      't.status',
      't.sent_by',
      's.name as sent_by_name',
      't.sent_at',
      't.received_by',
      'r.name as received_by_name',
      't.received_at',
    ]);
}

type TransferRow = Awaited<ReturnType<ReturnType<typeof transfersQuery>['executeTakeFirstOrThrow']>>;

function toTransfer(r: TransferRow): Transfer {
  return {
    id: r.id,
    fromShopId: r.from_shop_id,
    fromShopName: r.from_shop_name,
    toShopId: r.to_shop_id,
    toShopName: r.to_shop_name,
    sku: r.sku,
    fromProductId: r.from_product_id,
    toProductId: r.to_product_id,
    productName: r.product_name,
    quantity: r.quantity,
    status: r.status,
    sentBy: r.sent_by,
    sentByName: r.sent_by_name,
    sentAt: new Date(Number(r.sent_at)),
    receivedBy: r.received_by,
    receivedByName: r.received_by_name,
    receivedAt: r.received_at === null ? null : new Date(Number(r.received_at)),
  };
}

export async function loadTransfer(db: Executor, id: string): Promise<Transfer> {
  const row = await transfersQuery(db).where('t.id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('Transfer');
  return toTransfer(row);
}

/** A shop's transfers, in and out, newest first. */
export async function shopTransfers(db: Executor, shopId: string, status: TransferStatus | undefined, limit: number): Promise<Transfer[]> {
  let query = transfersQuery(db).where((eb) => eb.or([eb('t.from_shop_id', '=', shopId), eb('t.to_shop_id', '=', shopId)]));
  if (status !== undefined) query = query.where('t.status', '=', status);
  const rows = await query.orderBy('t.sent_at', 'desc').orderBy('t.id', 'desc').limit(limit).execute();
  return rows.map(toTransfer);
}
