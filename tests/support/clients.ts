import { TRPCClientError } from '@trpc/client';
import WebSocket from 'ws';
import { createShopwireClient, type ShopwireClient, type AppRouter } from '../../src/client/sdk/createShopwireClient.js';

export type Api = ShopwireClient['api'];

export interface TestClient extends AsyncDisposable {
  api: Api;
  close(): Promise<void>;
}

/** The real @trpc/client over a real WebSocket (or HTTP for queries and mutations). */
export function connect(url: string, token?: string | null, transport: 'ws' | 'http' = 'ws'): TestClient {
  const client = createShopwireClient({ url, token: () => token, WebSocket, transport });
  return {
    api: client.api,
    close: () => client.close(),
    [Symbol.asyncDispose]: () => client.close(),
  };
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

export async function registerSeller(api: Api, shopName = `Shop ${unique()}`) {
  const result = await api.auth.register.mutate({
    email: `seller-${unique()}@example.test`,
    password: 'password-123',
    name: 'Seller',
    role: 'seller',
    shopName,
  });
  const shopId = result.user.shopIds[0];
  if (!shopId) throw new Error('seller registered without a shop');
  return { ...result, shopId };
}

export async function registerBuyer(api: Api) {
  return api.auth.register.mutate({ email: `buyer-${unique()}@example.test`, password: 'password-123', name: 'Buyer', role: 'buyer' });
}

/** The TRPC error code of an error a subscription or call ended with. */
export function codeOf(error: unknown): string | undefined {
  return error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>).data?.code : undefined;
}

/** The TRPC error code a call failed with, or a thrown error if it did not fail. */
export async function errorCode(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCClientError) return (error as TRPCClientError<AppRouter>).data?.code ?? 'UNKNOWN';
    throw error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export async function zodIssues(call: Promise<unknown>): Promise<unknown[]> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCClientError) return ((error as TRPCClientError<AppRouter>).data?.zodIssues as unknown[] | null) ?? [];
    throw error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
