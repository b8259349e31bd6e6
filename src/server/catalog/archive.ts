import type { Product } from '../../shared/domain.js';
import type { TokenClaims } from '../auth/tokens.js';
import { NotFoundError } from '../errors.js';
import { shopEvent, stockEvent } from '../events/topics.js';
import { transact, type TransactDeps } from '../events/transact.js';
import type { IdSource } from '../ids.js';
import { assertShopRole } from '../shops/access.js';
import { notifyBackInStock } from './backInStock.js';
import { toProduct } from './service.js';

/**
 * An archived product is no longer sold: buyers do not see it and orders refuse it; past orders
 * keep their lines (they hold the product's name and price as sold). Archiving one that already
 * is, or restoring one that is sold, changes nothing and tells no one.
 */
export function archiveProduct(deps: TransactDeps, user: TokenClaims, productId: string): Promise<Product> {
  return transact(deps, async (trx, emit) => {
    const row = await trx.selectFrom('products').selectAll().where('id', '=', productId).executeTakeFirst();
    if (!row) throw new NotFoundError('Product');
    await assertShopRole(trx, user, row.shop_id, 'manageCatalog');
    if (row.archived_at !== null) return toProduct(row);
    const archived = { ...row, archived_at: deps.clock.now().getTime() };
    await trx.updateTable('products').set({ archived_at: archived.archived_at }).where('id', '=', row.id).execute();
    const product = toProduct(archived);
    // Storefronts read their list again, which no longer has it.
    emit(shopEvent(row.shop_id, { type: 'product_archived', product }), stockEvent(row.shop_id, { type: 'product_changed', productId: row.id }));
    return product;
  });
}

/** Back on sale; buyers who asked to hear of it are told now if it is in stock (they could not be told while it was archived). */
export function restoreProduct(deps: TransactDeps & { ids: IdSource }, user: TokenClaims, productId: string): Promise<Product> {
  return transact(deps, async (trx, emit) => {
    const row = await trx.selectFrom('products').selectAll().where('id', '=', productId).executeTakeFirst();
    if (!row) throw new NotFoundError('Product');
    await assertShopRole(trx, user, row.shop_id, 'manageCatalog');
    if (row.archived_at === null) return toProduct(row);
    await trx.updateTable('products').set({ archived_at: null }).where('id', '=', row.id).execute();
    const product = toProduct({ ...row, archived_at: null });
    emit(shopEvent(row.shop_id, { type: 'product_updated', product }), stockEvent(row.shop_id, { type: 'product_changed', productId: row.id }));
    if (row.stock > 0) await notifyBackInStock(trx, emit, deps, [row.id]);
    return product;
  });
}
