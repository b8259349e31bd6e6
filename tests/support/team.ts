import { connect, registerSeller, type TestClient } from './clients.js';
import { setupShop, type ShopFixture } from './fixtures.js';

export interface Member {
  client: TestClient;
  userId: string;
}

export type TeamFixture = ShopFixture & { manager: Member; staff: Member; outsider: Member };

/** A shop (owner, buyer, the given products) plus a manager and a staff member, and a seller of another shop. */
export async function setupTeam(url: string, products: Parameters<typeof setupShop>[1]): Promise<TeamFixture> {
  const shop = await setupShop(url, products);
  const anon = connect(url);
  try {
    const [manager, staff, outsider] = await Promise.all([registerSeller(anon.api), registerSeller(anon.api), registerSeller(anon.api)]);
    await shop.seller.api.team.add.mutate({ shopId: shop.shopId, email: manager.user.email, role: 'manager' });
    await shop.seller.api.team.add.mutate({ shopId: shop.shopId, email: staff.user.email, role: 'staff' });
    const member = (account: typeof manager): Member => ({ client: connect(url, account.token), userId: account.user.id });
    const extra = { manager: member(manager), staff: member(staff), outsider: member(outsider) };
    const dispose = shop[Symbol.asyncDispose].bind(shop);
    return Object.assign(shop, extra, {
      async [Symbol.asyncDispose]() {
        await Promise.all([dispose(), extra.manager.client.close(), extra.staff.client.close(), extra.outsider.client.close()]);
      },
    });
  } finally {
    await anon.close();
  }
}
