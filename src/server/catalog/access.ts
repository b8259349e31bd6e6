import type { Executor } from '../db/database.js';
import { NotFoundError } from '../errors.js';

/** A product id given with a shop id must be one of that shop's. */
export async function assertProductInShop(db: Executor, shopId: string, productId: string): Promise<void> {
  const row = await db.selectFrom('products').select('id').where('id', '=', productId).where('shop_id', '=', shopId).executeTakeFirst();
  if (!row) throw new NotFoundError('Product');
}
