import type { IdSource } from './ids.js';
import { hashPassword } from './auth/password.js';
import type { Clock } from './clock.js';
import type { Db } from './db/database.js';
import { createShopFor } from './shops/service.js';

export const DEMO = {
  seller: { email: 'seller@shopwire.test', password: 'demo-seller-pass', name: 'Sam Seller' },
  buyer: { email: 'buyer@shopwire.test', password: 'demo-buyer-pass', name: 'Bea Buyer' },
  admin: { email: 'admin@shopwire.test', password: 'demo-admin-pass', name: 'Ada Admin' },
  shopName: 'Corner Coffee Co.',
  supplierName: 'Hillside Roastery',
  serviceName: 'Coffee tasting',
} as const;

// price, cost in cents; a few sit at or near their threshold so alerts show up early.
const PRODUCTS: [name: string, sku: string, price: number, cost: number, stock: number, threshold: number][] = [
  ['House Blend, 250 g', 'HB-250', 1200, 520, 40, 5],
  ['Single Origin Ethiopia, 250 g', 'SO-ETH', 1650, 800, 6, 5],
  ['Decaf Colombia, 250 g', 'DC-COL', 1300, 610, 3, 5],
  ['Espresso Roast, 1 kg', 'ER-1K', 3800, 1900, 12, 4],
  ['Cold Brew Concentrate', 'CB-CON', 900, 300, 25, 6],
  ['Ceramic Pour-Over Dripper', 'PO-DRP', 2800, 1100, 7, 5],
  ['Paper Filters (100)', 'PF-100', 600, 150, 60, 10],
  ['Burr Grinder', 'BG-01', 8900, 5200, 4, 3],
  ['Gooseneck Kettle', 'GK-01', 4500, 2300, 9, 3],
  ['Travel Mug', 'TM-01', 2200, 800, 30, 5],
  ['Gift Card', 'GC-25', 2500, 2500, 100, 10],
  ['Barista Apron', 'BA-01', 3200, 1200, 2, 2],
];

/** Fills an empty database with one demo shop; a database with any user is left alone. */
export async function seedDemoIfEmpty({ db, clock, ids }: { db: Db; clock: Clock; ids: IdSource }): Promise<boolean> {
  const anyUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (anyUser) return false;
  const now = clock.now().getTime();
  const [sellerHash, buyerHash, adminHash] = await Promise.all([hashPassword(DEMO.seller.password), hashPassword(DEMO.buyer.password), hashPassword(DEMO.admin.password)]);
  const sellerId = ids.next();
  const shopId = ids.next();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values([
        { id: sellerId, email: DEMO.seller.email, name: DEMO.seller.name, role: 'seller', password_hash: sellerHash, created_at: now },
        { id: ids.next(), email: DEMO.buyer.email, name: DEMO.buyer.name, role: 'buyer', password_hash: buyerHash, created_at: now },
        { id: ids.next(), email: DEMO.admin.email, name: DEMO.admin.name, role: 'admin', password_hash: adminHash, created_at: now },
      ])
      .execute();
    await createShopFor(trx, { id: shopId, userId: sellerId, name: DEMO.shopName, now });
    const products = PRODUCTS.map(([name, sku, price, cost, stock, threshold]) => ({
      id: ids.next(),
      shop_id: shopId,
      name,
      sku,
      price_cents: price,
      cost_cents: cost,
      stock,
      low_stock_threshold: threshold,
      created_at: now,
    }));
    await trx.insertInto('products').values(products).execute();
    // The opening stock is each product's first ledger row, as product.create writes it: the ledger adds up to the stock.
    await trx
      .insertInto('stock_movements')
      .values(
        products.map((p) => ({
          product_id: p.id,
          delta: p.stock,
          reason: 'opening stock',
          kind: 'adjust' as const,
          stock_after: p.stock,
          by_user_id: sellerId,
          order_id: null,
          purchase_order_id: null,
          created_at: now,
        })),
      )
      .execute();
    await trx.insertInto('suppliers').values({ id: ids.next(), shop_id: shopId, name: DEMO.supplierName, email: 'orders@roastery.example', created_at: now }).execute();
    // A service to book (features/bookings): hourly slots from midnight UTC.
    await trx.insertInto('services').values({ id: ids.next(), shop_id: shopId, name: DEMO.serviceName, duration_minutes: 60, price_cents: 2500, created_at: now }).execute();
  });
  return true;
}
