import WebSocket from 'ws';
import { createShopwireClient, type ShopwireClient } from '../../../src/client/sdk/createShopwireClient.js';

/** The real typed client, signed in, for doing things "from elsewhere" while the browser watches. */
export async function signedInClient(url: string, who: { email: string; password: string }): Promise<ShopwireClient> {
  let token: string | null = null;
  const client = createShopwireClient({ url, token: () => token, WebSocket, transport: 'http' });
  token = (await client.api.auth.login.mutate(who)).token;
  return client;
}
