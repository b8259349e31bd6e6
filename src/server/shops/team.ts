import type { ShopRole, TeamMember } from '../../shared/domain.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Executor, Trx } from '../db/database.js';
import { ConflictError, DomainError } from '../errors.js';
import { transact, type TransactDeps } from '../events/transact.js';
import type { ConnectionRegistry } from '../live/connections.js';
import type { LiveEngine } from '../live/engine.js';
import { shopTopic } from '../../shared/events.js';
import { assertShopRole } from './access.js';
import { shopNameKey } from './names.js';

export interface TeamDeps extends TransactDeps {
  live: LiveEngine;
  connections: ConnectionRegistry;
}

const RANK: Record<ShopRole, number> = { owner: 0, manager: 1, staff: 2 };

/** Owners first, then managers, then staff; by name within each. */
export async function listTeam(deps: TeamDeps, user: TokenClaims, shopId: string): Promise<TeamMember[]> {
  await assertShopRole(deps.db, user, shopId, 'operate');
  const rows = await memberRows(deps.db, shopId).execute();
  const online = onlineUserIds(deps.connections);
  return rows
    .map((row) => ({ ...row, online: online.has(row.userId) }))
    .sort((a, b) => RANK[a.role] - RANK[b.role] || a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId));
}

/** An owner adds an existing seller account, as manager or staff. */
export async function addMember(deps: TeamDeps, user: TokenClaims, input: { shopId: string; email: string; role: 'manager' | 'staff' }): Promise<TeamMember> {
  const email = input.email.trim().toLowerCase();
  const userId = await transact(deps, async (trx) => {
    await assertShopRole(trx, user, input.shopId, 'manageShop');
    const account = await trx.selectFrom('users').select(['id', 'role']).where('email', '=', email).executeTakeFirst();
    // A buyer account is answered like an unknown one: only seller accounts can join a team.
    if (!account || account.role !== 'seller') {
      throw new DomainError('NOT_FOUND', `No seller account uses ${email}: they need to register as a seller first, then you can add them`);
    }
    const existing = await roleIn(trx, input.shopId, account.id);
    if (existing) throw new ConflictError(`${email} is already on this shop's team (as ${existing})`, 'already_member');
    await trx.insertInto('shop_sellers').values({ shop_id: input.shopId, user_id: account.id, role: input.role }).execute();
    return account.id;
  });
  return memberOf(deps, input.shopId, userId);
}

/** An owner changes a member's role; the shop keeps at least one owner. */
export async function setMemberRole(deps: TeamDeps, user: TokenClaims, input: { shopId: string; userId: string; role: ShopRole }): Promise<TeamMember> {
  const before = await transact(deps, async (trx) => {
    await assertShopRole(trx, user, input.shopId, 'manageShop');
    const current = await assertMember(trx, input.shopId, input.userId);
    if (current === 'owner' && input.role !== 'owner') await assertAnotherOwner(trx, input.shopId, 'make them a manager or staff');
    const ownedNameKey = input.role === 'owner' ? await nameKeyForNewOwner(trx, input.shopId, input.userId) : null;
    await trx
      .updateTable('shop_sellers')
      .set({ role: input.role, owned_name_key: ownedNameKey })
      .where('shop_id', '=', input.shopId)
      .where('user_id', '=', input.userId)
      .execute();
    return current;
  });
  // Their open streams were encoded for the old role: they end (PRECONDITION_FAILED, role_changed) and resubscribe as the new one.
  if (before !== input.role) await recheckStreams(deps, input.shopId, input.userId);
  return memberOf(deps, input.shopId, input.userId);
}

/** An owner takes a member off the team; their open streams of the shop end with FORBIDDEN at once. */
export async function removeMember(deps: TeamDeps, user: TokenClaims, input: { shopId: string; userId: string }): Promise<{ removed: true }> {
  await transact(deps, async (trx) => {
    await assertShopRole(trx, user, input.shopId, 'manageShop');
    if ((await assertMember(trx, input.shopId, input.userId)) === 'owner') await assertAnotherOwner(trx, input.shopId, 'remove them');
    await trx.deleteFrom('shop_sellers').where('shop_id', '=', input.shopId).where('user_id', '=', input.userId).execute();
  });
  await recheckStreams(deps, input.shopId, input.userId);
  return { removed: true };
}

/**
 * After the commit, so the check reads the new rights. The shop's dashboard topic, and every topic
 * the member is streaming now (an order of this shop is `order:<id>`, which names no shop): other
 * callers' streams on those topics are checked too, and simply pass.
 */
async function recheckStreams(deps: TeamDeps, shopId: string, userId: string): Promise<void> {
  const topics = new Set([shopTopic(shopId)]);
  for (const connection of deps.connections.all()) {
    if (connection.user?.userId === userId) for (const stream of connection.streams) topics.add(stream.topic);
  }
  await deps.live.reauthorize((topic) => topics.has(topic));
}

function memberRows(db: Executor, shopId: string) {
  return db
    .selectFrom('shop_sellers')
    .innerJoin('users', 'users.id', 'shop_sellers.user_id')
    .select(['users.id as userId', 'users.email', 'users.name', 'shop_sellers.role'])
    .where('shop_sellers.shop_id', '=', shopId);
}

async function memberOf(deps: TeamDeps, shopId: string, userId: string): Promise<TeamMember> {
  const row = await memberRows(deps.db, shopId).where('shop_sellers.user_id', '=', userId).executeTakeFirstOrThrow();
  return { ...row, online: onlineUserIds(deps.connections).has(userId) };
}

/** Online = has an open WebSocket or SSE connection on this instance now. */
function onlineUserIds(connections: ConnectionRegistry): Set<string> {
  const online = new Set<string>();
  for (const connection of connections.all()) if (connection.user) online.add(connection.user.userId);
  return online;
}

async function roleIn(db: Executor, shopId: string, userId: string): Promise<ShopRole | null> {
  const row = await db.selectFrom('shop_sellers').select('role').where('shop_id', '=', shopId).where('user_id', '=', userId).executeTakeFirst();
  return row?.role ?? null;
}

/** An owner-to-be may not already own another shop of this one's name (their own shops would clash). */
async function nameKeyForNewOwner(trx: Trx, shopId: string, userId: string): Promise<string> {
  const shop = await trx.selectFrom('shops').select('name').where('id', '=', shopId).executeTakeFirstOrThrow();
  const clash = await trx
    .selectFrom('shop_sellers')
    .select('shop_id')
    .where('user_id', '=', userId)
    .where('owned_name_key', '=', shopNameKey(shop.name))
    .where('shop_id', '!=', shopId)
    .executeTakeFirst();
  if (clash) throw new ConflictError(`They already own a shop named “${shop.name}”: one of the two shops needs another name before they can own both`, 'shop_name_taken');
  return shopNameKey(shop.name);
}

async function assertMember(trx: Trx, shopId: string, userId: string): Promise<ShopRole> {
  const role = await roleIn(trx, shopId, userId);
  if (!role) throw new DomainError('NOT_FOUND', "That person is not on this shop's team");
  return role;
}

// Read and changed in one transaction: two owners demoting each other at once take turns, and the second is refused.
async function assertAnotherOwner(trx: Trx, shopId: string, action: string): Promise<void> {
  const owners = await trx
    .selectFrom('shop_sellers')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('shop_id', '=', shopId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  if (Number(owners.count) <= 1) throw new ConflictError(`A shop needs an owner: make someone else an owner before you ${action}`, 'last_owner');
}
