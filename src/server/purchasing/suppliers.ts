import type { Supplier } from '../../shared/purchasing.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Executor } from '../db/database.js';
import type { SuppliersTable } from '../db/schema.js';
import { ConflictError } from '../errors.js';
import { transact, type TransactDeps } from '../events/transact.js';
import type { IdSource } from '../ids.js';
import { assertShopRole } from '../shops/access.js';
import { toSupplier } from './queries.js';

export async function createSupplier(
  deps: TransactDeps & { ids: IdSource },
  user: TokenClaims,
  input: { shopId: string; name: string; email?: string | undefined },
): Promise<Supplier> {
  return transact(deps, async (trx) => {
    await assertShopRole(trx, user, input.shopId, 'manageCatalog', "Only the shop's owners and managers can add suppliers");
    const same = await trx.selectFrom('suppliers').select('id').where('shop_id', '=', input.shopId).where('name', '=', input.name).executeTakeFirst();
    if (same) throw new ConflictError(`This shop already has a supplier named ${input.name}`, 'supplier_name_taken');
    const row: SuppliersTable = { id: deps.ids.next(), shop_id: input.shopId, name: input.name, email: input.email ?? null, created_at: deps.clock.now().getTime() };
    await trx.insertInto('suppliers').values(row).execute();
    return toSupplier(row);
  });
}

export async function listSuppliers(db: Executor, user: TokenClaims, shopId: string): Promise<Supplier[]> {
  await assertShopRole(db, user, shopId, 'operate');
  const rows = await db.selectFrom('suppliers').selectAll().where('shop_id', '=', shopId).orderBy('name').orderBy('id').execute();
  return rows.map(toSupplier);
}
