import type { Role, User } from '../../shared/domain.js';
import type { Address } from '../../shared/payments.js';
import type { Clock } from '../clock.js';
import { writeTransaction, type Db, type Executor } from '../db/database.js';
import type { IdSource } from '../ids.js';
import { ConflictError, NotFoundError, UnauthorizedError } from '../errors.js';
import { createShopFor } from '../shops/service.js';
import { isAdminEmail } from '../admin/roles.js';
import type { LoginGuard } from './loginGuard.js';
import { hashPassword, verifyPassword } from './password.js';
import type { TokenService } from './tokens.js';
import type { Connection, ConnectionRegistry } from '../live/connections.js';

export interface AuthDeps {
  db: Db;
  clock: Clock;
  ids: IdSource;
  tokens: TokenService;
  loginGuard: LoginGuard;
  /** ADMIN_EMAILS: signing up with one of these makes an operator account (admin/roles.ts). */
  adminEmails?: readonly string[];
}

export interface RegisterInput {
  email: string;
  password: string;
  name: string;
  role: Role;
  shopName?: string | undefined;
}

export async function register(deps: AuthDeps, input: RegisterInput): Promise<{ token: string; user: User }> {
  const email = input.email.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now().getTime();
  const userId = deps.ids.next();
  const role: Role = isAdminEmail(deps.adminEmails ?? [], email) ? 'admin' : input.role;
  await writeTransaction(deps.db, async (trx) => {
    const taken = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (taken) throw new ConflictError('An account with this email already exists', 'email_taken');
    await trx
      .insertInto('users')
      .values({ id: userId, email, name: input.name.trim(), role, password_hash: passwordHash, created_at: now })
      .execute();
    if (role === 'seller' && input.shopName) await createShopFor(trx, { id: deps.ids.next(), userId, name: input.shopName, now });
  });
  const user = await getUser(deps.db, userId);
  return { token: await deps.tokens.sign(user), user };
}

export async function login(deps: AuthDeps, input: { email: string; password: string }, address: string): Promise<{ token: string; user: User }> {
  const attempt = { email: input.email, address };
  await deps.loginGuard.check(attempt);
  const row = await deps.db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where('email', '=', input.email.trim().toLowerCase())
    .executeTakeFirst();
  // Same message either way, so the answer does not reveal which emails exist.
  if (!row || !(await verifyPassword(input.password, row.password_hash))) {
    await deps.loginGuard.failed(attempt);
    throw new UnauthorizedError('Invalid email or password', 'bad_credentials');
  }
  await deps.loginGuard.succeeded(attempt);
  const user = await getUser(deps.db, row.id);
  return { token: await deps.tokens.sign(user), user };
}

/**
 * A fresh token for the signed-in user. Called on a live connection, the connection switches to
 * it at once: its streams keep running and now end when the new token expires.
 */
export async function refresh(
  deps: AuthDeps & { connections: ConnectionRegistry },
  userId: string,
  connection: Connection | null,
): Promise<{ token: string; user: User }> {
  const user = await getUser(deps.db, userId);
  const token = await deps.tokens.sign(user);
  if (connection) {
    const claims = await deps.tokens.verify(token);
    if (!claims) throw new UnauthorizedError();
    deps.connections.authenticate(connection, claims, token);
  }
  return { token, user };
}

export async function logout(deps: { tokens: TokenService }, token: string | null): Promise<{ signedOut: true }> {
  if (token) await deps.tokens.revoke(token);
  return { signedOut: true };
}

export async function getUser(db: Executor, userId: string): Promise<User> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'shipping_address'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('User');
  const { shipping_address: address, ...user } = row;
  const shops = await db
    .selectFrom('shop_sellers')
    .innerJoin('shops', 'shops.id', 'shop_sellers.shop_id')
    .select(['shops.id', 'shops.name', 'shop_sellers.role'])
    .where('shop_sellers.user_id', '=', userId)
    .orderBy('shops.id')
    .execute();
  return { ...user, shopIds: shops.map((s) => s.id), shops, shippingAddress: address === null ? null : (JSON.parse(address) as Address) };
}

/** A token's user, as this database knows it: same id and the role the token was signed with. */
export async function userExists(db: Executor, claims: { userId: string; role: Role }): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('id', '=', claims.userId).where('role', '=', claims.role).executeTakeFirst();
  return row !== undefined;
}
