import { writeTransaction, type Db } from '../db/database.js';

/**
 * ADMIN_EMAILS, when set, decides who operates the platform, at every start: listed accounts become `admin`,
 * and an admin no longer listed goes back to `seller` (if they belong to a shop) or `buyer`.
 * A changed account's old tokens name the old role and are refused (tokens.ts): they sign in again.
 * Registering with a listed email makes an admin account straight away (auth/service.ts).
 */
export async function applyAdminEmails(db: Db, emails: readonly string[], changed: (change: { userId: string; role: string }) => void): Promise<void> {
  await writeTransaction(db, async (trx) => {
    const promote = emails.length === 0 ? [] : await trx.selectFrom('users').select('id').where('email', 'in', emails).where('role', '!=', 'admin').execute();
    for (const { id } of promote) {
      await trx.updateTable('users').set({ role: 'admin' }).where('id', '=', id).execute();
      changed({ userId: id, role: 'admin' });
    }
    let former = trx.selectFrom('users').select('id').where('role', '=', 'admin');
    if (emails.length > 0) former = former.where('email', 'not in', emails);
    for (const { id } of await former.execute()) {
      const member = await trx.selectFrom('shop_sellers').select('shop_id').where('user_id', '=', id).executeTakeFirst();
      const role = member ? 'seller' : 'buyer';
      await trx.updateTable('users').set({ role }).where('id', '=', id).execute();
      changed({ userId: id, role });
    }
  });
}

export function isAdminEmail(adminEmails: readonly string[], email: string): boolean {
  return adminEmails.includes(email.trim().toLowerCase());
}
