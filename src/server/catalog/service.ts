import type { Product } from '../../shared/domain.js';
import { assertShopExists, assertShopRole, seesMoney, shopRoleOf } from '../shops/access.js';
import { productView } from '../shops/moneyViews.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Db, Executor } from '../db/database.js';
import type { IdSource } from '../ids.js';
import { latestEventId } from '../events/eventLog.js';
import type { Selectable } from 'kysely';
import type { ProductsTable } from '../db/schema.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { transact, type TransactDeps } from '../events/transact.js';
import { shopEvent, stockEvent } from '../events/topics.js';
import { moveStock, recordMovement, stockAlerts, stockEvents } from './stock.js';
import { stockAlertNotice } from '../notifications/messages.js';
import { notifyShop } from '../notifications/notify.js';

export interface NewProduct {
  shopId: string;
  name: string;
  sku: string;
  priceCents: number;
  costCents: number;
  stock: number;
  lowStockThreshold: number;
}

export type ProductRow = Selectable<ProductsTable>;

export function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    shopId: row.shop_id,
    name: row.name,
    sku: row.sku,
    priceCents: row.price_cents,
    costCents: row.cost_cents,
    stock: row.stock,
    lowStockThreshold: row.low_stock_threshold,
    archivedAt: row.archived_at === null ? null : new Date(Number(row.archived_at)),
  };
}

/** The products with the id of the newest event already reflected in their stock: subscribe from it. */
export async function productSnapshot(db: Db, user: TokenClaims | null, shopId: string): Promise<{ products: Product[]; cursor: string }> {
  return db.transaction().execute(async (trx) => ({
    products: await listProducts(trx, user, shopId),
    cursor: String(await latestEventId(trx)),
  }));
}

/**
 * Public, like the storefront; only the shop's owners and managers see what each product cost.
 * Archived products are listed to the shop's members alone (with `archivedAt`), never to buyers.
 */
export async function listProducts(db: Executor, user: TokenClaims | null, shopId: string): Promise<Product[]> {
  await assertShopExists(db, shopId);
  const role = await shopRoleOf(db, user, shopId);
  let query = db.selectFrom('products').selectAll().where('shop_id', '=', shopId);
  if (role === null) query = query.where('archived_at', 'is', null);
  const rows = await query.orderBy('name').orderBy('id').execute();
  return rows.map((row) => productView(toProduct(row), seesMoney(role)));
}

export async function createProduct(deps: TransactDeps & { ids: IdSource }, user: TokenClaims, input: NewProduct): Promise<Product> {
  return transact(deps, async (trx, emit) => {
    await assertShopRole(trx, user, input.shopId, 'manageCatalog');
    const duplicate = await trx
      .selectFrom('products')
      .select('id')
      .where('shop_id', '=', input.shopId)
      .where('sku', '=', input.sku)
      .executeTakeFirst();
    if (duplicate) throw new ConflictError(`SKU ${input.sku} already exists in this shop`, 'sku_taken');
    const row: ProductRow = {
      id: deps.ids.next(),
      shop_id: input.shopId,
      name: input.name,
      sku: input.sku,
      price_cents: input.priceCents,
      cost_cents: input.costCents,
      stock: input.stock,
      low_stock_threshold: input.lowStockThreshold,
      created_at: deps.clock.now().getTime(),
      archived_at: null,
    };
    await trx.insertInto('products').values(row).execute();
    // The opening stock is the ledger's first row, so a product's movements always add up to its stock.
    const movement =
      row.stock === 0
        ? undefined
        : await recordMovement(trx, {
            reason: 'opening stock',
            kind: 'adjust',
            by: user.userId,
            orderId: null,
            now: row.created_at,
            productId: row.id,
            productName: row.name,
            delta: row.stock,
            stockAfter: row.stock,
          });
    // Dashboards also learn about the new line through the same stock event as any other change.
    emit(
      shopEvent(input.shopId, { type: 'product_created', product: toProduct(row) }),
      ...stockEvents(input.shopId, [
        { productId: row.id, productName: row.name, before: row.stock, after: row.stock, threshold: row.low_stock_threshold, ...(movement ? { movement } : {}) },
      ]),
    );
    return toProduct(row);
  });
}

export interface ProductEdit {
  productId: string;
  name?: string | undefined;
  priceCents?: number | undefined;
  costCents?: number | undefined;
  lowStockThreshold?: number | undefined;
}

/** Name, price, cost or threshold; stock moves only through adjustInventory and orders, which record why. */
export async function updateProduct(deps: TransactDeps, user: TokenClaims, edit: ProductEdit): Promise<Product> {
  return transact(deps, async (trx, emit) => {
    const before = await trx.selectFrom('products').selectAll().where('id', '=', edit.productId).executeTakeFirst();
    if (!before) throw new NotFoundError('Product');
    await assertShopRole(trx, user, before.shop_id, 'manageCatalog');
    const after: ProductRow = {
      ...before,
      name: edit.name ?? before.name,
      price_cents: edit.priceCents ?? before.price_cents,
      cost_cents: edit.costCents ?? before.cost_cents,
      low_stock_threshold: edit.lowStockThreshold ?? before.low_stock_threshold,
    };
    await trx
      .updateTable('products')
      .set({ name: after.name, price_cents: after.price_cents, cost_cents: after.cost_cents, low_stock_threshold: after.low_stock_threshold })
      .where('id', '=', after.id)
      .execute();
    emit(
      shopEvent(after.shop_id, { type: 'product_updated', product: toProduct(after) }),
      // Older dashboards know products by these rows (the name is the part they carry).
      shopEvent(after.shop_id, { type: 'inventory_update', updates: [{ productId: after.id, productName: after.name, stock: after.stock }] }),
      stockEvent(after.shop_id, { type: 'product_changed', productId: after.id }),
    );
    if (after.price_cents !== before.price_cents) {
      emit(shopEvent(after.shop_id, { type: 'price_changed', productId: after.id, oldPriceCents: before.price_cents, newPriceCents: after.price_cents }));
    }
    return toProduct(after);
  });
}

export async function adjustInventory(
  deps: TransactDeps & { ids: IdSource },
  user: TokenClaims,
  input: { productId: string; delta: number; reason: string },
): Promise<{ productId: string; stock: number }> {
  return transact(deps, async (trx, emit) => {
    const product = await trx.selectFrom('products').select(['id', 'shop_id']).where('id', '=', input.productId).executeTakeFirst();
    if (!product) throw new NotFoundError('Product');
    await assertShopRole(trx, user, product.shop_id, 'operate');
    const changes = await moveStock(trx, {
      moves: [{ productId: product.id, delta: input.delta }],
      reason: input.reason,
      kind: 'adjust',
      by: user.userId,
      orderId: null,
      now: deps.clock.now().getTime(),
    });
    emit(...stockEvents(product.shop_id, changes));
    const alerts = stockAlerts(changes);
    if (alerts.length > 0) await notifyShop(trx, emit, deps, product.shop_id, (shop) => alerts.map((a) => stockAlertNotice(shop, product.shop_id, a)));
    return { productId: product.id, stock: changes[0]?.after ?? 0 };
  });
}
