import type { User } from '../../shared/domain.js';
import type { Address } from '../../shared/payments.js';
import { getUser } from '../auth/service.js';
import type { Db } from '../db/database.js';
import { transact, type TransactDeps } from '../events/transact.js';

export interface AccountUpdate {
  name?: string | undefined;
  /** null forgets the saved address. */
  shippingAddress?: Address | null | undefined;
}

/**
 * Name and saved address. Orders already placed keep the customer and address they were placed
 * with (they are copied onto the order); only later orders use the new ones.
 */
export async function updateAccount(deps: TransactDeps & { db: Db }, userId: string, input: AccountUpdate): Promise<User> {
  const set = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.shippingAddress !== undefined ? { shipping_address: input.shippingAddress === null ? null : JSON.stringify(input.shippingAddress) } : {}),
  };
  if (Object.keys(set).length > 0) await transact(deps, (trx) => trx.updateTable('users').set(set).where('id', '=', userId).execute());
  return getUser(deps.db, userId);
}
