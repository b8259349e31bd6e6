import type { StockMovement, StockMovementKind } from '../../shared/purchasing.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Db } from '../db/database.js';
import { latestEventId } from '../events/eventLog.js';
import { InvalidRequestError } from '../errors.js';
import { assertSellerOfShop } from '../shops/access.js';
import { assertProductInShop } from './access.js';

export interface MovementsQuery {
  shopId: string;
  productId?: string | undefined;
  /** Only movements of this kind (beyond CONTRACT: the movements page filters by it). */
  kind?: StockMovementKind | undefined;
  cursor?: string | null | undefined;
  limit: number;
}

/** Opaque keyset cursor over (time, id): opening rows of old products were backfilled with later ids but their creation time. */
function encodeCursor(createdAt: number, id: number): string {
  return Buffer.from(`${createdAt}:${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: number; id: number } {
  const match = /^(\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new InvalidRequestError('This cursor is not one this list gave out; start again without it');
  return { createdAt: Number(match[1]), id: Number(match[2]) };
}

/** A shop's stock ledger, newest first, with the event cursor it reflects (read in one transaction): follow the dashboard from it. */
export async function listMovements(db: Db, user: TokenClaims, input: MovementsQuery): Promise<{ items: StockMovement[]; nextCursor: string | null; eventCursor: string }> {
  return db.transaction().execute(async (trx) => {
    await assertSellerOfShop(trx, user, input.shopId);
    if (input.productId !== undefined) await assertProductInShop(trx, input.shopId, input.productId);
    let query = trx
      .selectFrom('stock_movements as m')
      .innerJoin('products as p', 'p.id', 'm.product_id')
      .leftJoin('users as u', 'u.id', 'm.by_user_id')
      .select([
        'm.id',
        'm.product_id',
        'p.name as product_name',
        'm.delta',
        'm.stock_after',
        'm.reason',
        'm.kind',
        'm.by_user_id',
        'u.name as by_name',
        'm.order_id',
        'm.purchase_order_id',
        'm.transfer_id',
        'm.created_at',
      ])
      .where('p.shop_id', '=', input.shopId);
    if (input.productId !== undefined) query = query.where('m.product_id', '=', input.productId);
    if (input.kind !== undefined) query = query.where('m.kind', '=', input.kind);
    if (input.cursor) {
      const after = decodeCursor(input.cursor);
      query = query.where((eb) => eb.or([eb('m.created_at', '<', after.createdAt), eb.and([eb('m.created_at', '=', after.createdAt), eb('m.id', '<', after.id)])]));
    }
    const rows = await query
      .orderBy('m.created_at', 'desc')
      .orderBy('m.id', 'desc')
      .limit(input.limit + 1)
      .execute();
    const page = rows.slice(0, input.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: String(r.id),
        productId: r.product_id,
        productName: r.product_name,
        delta: r.delta,
        stockAfter: r.stock_after,
        reason: r.reason,
        kind: r.kind,
        by: r.by_user_id,
        byName: r.by_name,
        orderId: r.order_id,
        purchaseOrderId: r.purchase_order_id,
        transferId: r.transfer_id,
        at: new Date(Number(r.created_at)),
      })),
      nextCursor: rows.length > input.limit && last ? encodeCursor(Number(last.created_at), Number(last.id)) : null,
      eventCursor: String(await latestEventId(trx)),
    };
  });
}
