import { hasShopRight } from '../../shared/shopRights.js';
import type { Transfer, TransferStatus } from '../../shared/transfers.js';
import type { TokenClaims } from '../auth/tokens.js';
import { moveStock, stockAlerts, stockEvents } from '../catalog/stock.js';
import type { Db, Trx } from '../db/database.js';
import { ConflictError, DomainError, ForbiddenError, InvalidRequestError, NotFoundError } from '../errors.js';
import { latestEventId } from '../events/eventLog.js';
import { shopEvent } from '../events/topics.js';
import { transact, type Emit, type TransactDeps } from '../events/transact.js';
import type { IdSource } from '../ids.js';
import { stockAlertNotice } from '../notifications/messages.js';
import { notify, notifyShop } from '../notifications/notify.js';
import { assertSellerOfShop, assertShopExists, shopRoleOf } from '../shops/access.js';
import { transferReceivedNotice, transferSentNotice } from './notices.js';
import { loadTransfer, shopTransfers } from './queries.js';

type Deps = TransactDeps & { ids: IdSource };

export interface TransferRequest {
  fromShopId: string;
  toShopId: string;
  sku: string;
  quantity: number;
}

/**
 * Sends stock to another shop of the same owner: the transfer row (in_transit) and the source's
 * stock going down commit together, so whatever happens next the quantity is counted once, on the
 * transfer, until the target receives it.
 */
export async function sendTransfer(deps: Deps, user: TokenClaims, input: TransferRequest): Promise<Transfer> {
  return transact(deps, async (trx, emit) => {
    if (input.fromShopId === input.toShopId) throw new InvalidRequestError('A transfer goes from one shop to another: choose two different shops');
    await assertManagesBoth(trx, user, input.fromShopId, input.toShopId);
    const source = await productBySku(trx, input.fromShopId, input.sku);
    if (!source) throw new NotFoundError(`Product with SKU ${input.sku} in the sending shop`);
    const target = await productBySku(trx, input.toShopId, input.sku);
    if (!target) throw new DomainError('NOT_FOUND', `The receiving shop has no product with SKU ${input.sku}: add it there (same SKU) before sending`);

    const id = deps.ids.next();
    const now = deps.clock.now().getTime();
    await trx
      .insertInto('transfers')
      .values({
        id,
        from_shop_id: input.fromShopId,
        to_shop_id: input.toShopId,
        from_product_id: source.id,
        to_product_id: target.id,
        sku: input.sku,
        quantity: input.quantity,
        status: 'in_transit',
        sent_by: user.userId,
        sent_at: now,
        received_by: null,
        received_at: null,
      })
      .execute();
    const transfer = await loadTransfer(trx, id);
    // Not enough stock throws CONFLICT here, and the transfer row rolls back with it.
    const changes = await moveStock(trx, {
      moves: [{ productId: source.id, delta: -input.quantity }],
      reason: `sent to ${transfer.toShopName}`,
      kind: 'transfer',
      by: user.userId,
      orderId: null,
      transferId: id,
      now,
    });
    emit(...stockEvents(input.fromShopId, changes));
    emitStatus(emit, transfer, null);
    const alerts = stockAlerts(changes);
    if (alerts.length > 0) await notifyShop(trx, emit, deps, input.fromShopId, (shop) => alerts.map((a) => stockAlertNotice(shop, input.fromShopId, a)));
    // The receiving shop's team, but not the sender (who is in it too, as owner or manager): they know.
    const team = await trx.selectFrom('shop_sellers').select('user_id').where('shop_id', '=', input.toShopId).where('user_id', '!=', user.userId).execute();
    await notify(trx, emit, deps, team.map((member) => ({ ...transferSentNotice(transfer), userId: member.user_id })));
    return transfer;
  });
}

/**
 * The goods arrived: the status guard lets exactly one receipt through, and the target's stock
 * goes up in the same transaction, so a transfer is never received twice or half received.
 */
export async function receiveTransfer(deps: Deps, user: TokenClaims, input: { transferId: string }): Promise<Transfer> {
  return transact(deps, async (trx, emit) => {
    const row = await trx.selectFrom('transfers').selectAll().where('id', '=', input.transferId).executeTakeFirst();
    if (!row) throw new NotFoundError('Transfer');
    if ((await shopRoleOf(trx, user, row.to_shop_id)) === null) throw new ForbiddenError("Only the receiving shop's team can receive a transfer");
    if (row.status !== 'in_transit') throw new ConflictError('This transfer was already received; its stock is in the shop', 'transfer_already_received');
    const now = deps.clock.now().getTime();
    const updated = await trx
      .updateTable('transfers')
      .set({ status: 'received', received_by: user.userId, received_at: now })
      .where('id', '=', row.id)
      .where('status', '=', 'in_transit')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new ConflictError('This transfer was already received; its stock is in the shop', 'transfer_already_received');
    const transfer = await loadTransfer(trx, row.id);
    const changes = await moveStock(trx, {
      moves: [{ productId: row.to_product_id, delta: row.quantity }],
      reason: `received from ${transfer.fromShopName}`,
      kind: 'transfer',
      by: user.userId,
      orderId: null,
      transferId: row.id,
      now,
    });
    emit(...stockEvents(row.to_shop_id, changes));
    emitStatus(emit, transfer, 'in_transit');
    if (transfer.sentBy !== user.userId) await notify(trx, emit, deps, transferReceivedNotice(transfer));
    return transfer;
  });
}

/** A shop's transfers in and out, newest first (at most `limit`), with the event cursor to follow its dashboard from. */
export async function listTransfers(
  db: Db,
  user: TokenClaims,
  input: { shopId: string; status?: TransferStatus | undefined; limit: number },
): Promise<{ items: Transfer[]; eventCursor: string }> {
  return db.transaction().execute(async (trx) => {
    await assertSellerOfShop(trx, user, input.shopId);
    return { items: await shopTransfers(trx, input.shopId, input.status, input.limit), eventCursor: String(await latestEventId(trx)) };
  });
}

function emitStatus(emit: Emit, transfer: Transfer, previousStatus: TransferStatus | null): void {
  const event = { type: 'transfer_status_changed', transfer, previousStatus } as const;
  emit(shopEvent(transfer.fromShopId, event), shopEvent(transfer.toShopId, event));
}

/** CONTRACT: owners and managers of both shops; the issue: shops of the same owner. */
async function assertManagesBoth(trx: Trx, user: TokenClaims, fromShopId: string, toShopId: string): Promise<void> {
  await assertShopExists(trx, fromShopId);
  await assertShopExists(trx, toShopId);
  const roles = [await shopRoleOf(trx, user, fromShopId), await shopRoleOf(trx, user, toShopId)];
  if (!roles.every((role) => hasShopRight(role, 'manageCatalog'))) {
    throw new ForbiddenError('Only someone who is an owner or manager of both shops can transfer stock between them');
  }
  const owners = await trx
    .selectFrom('shop_sellers')
    .select('user_id')
    .where('role', '=', 'owner')
    .where('shop_id', 'in', [fromShopId, toShopId])
    .groupBy('user_id')
    .having((eb) => eb.fn.countAll(), '=', 2)
    .executeTakeFirst();
  if (!owners) throw new ForbiddenError('Stock can move only between shops that have the same owner');
}

function productBySku(trx: Trx, shopId: string, sku: string) {
  return trx.selectFrom('products').select(['id', 'name']).where('shop_id', '=', shopId).where('sku', '=', sku).executeTakeFirst();
}
