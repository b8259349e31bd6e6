import { createWSClient } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createShopwireClient, type ShopwireClient } from '../../src/client/sdk/createShopwireClient.js';
import { sendPromptly } from '../../src/client/sdk/sendPromptly.js';
import { connect, registerSeller } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let shopId: string;
beforeAll(async () => {
  server = await startTestServer();
  await using anonymous = connect(server.url);
  ({ shopId } = await registerSeller(anonymous.api));
});
afterAll(async () => {
  await server[Symbol.asyncDispose]();
});

/** A client whose `ws` WebSocket keeps every frame it sends; closed after `body`. */
async function withSpyClient(body: (api: ShopwireClient['api'], frames: string[]) => Promise<void>): Promise<void> {
  const frames: string[] = [];
  class SpyWebSocket extends WebSocket {
    override send(data: unknown, ...rest: unknown[]): void {
      frames.push(String(data));
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }
  }
  const client = createShopwireClient({ url: server.url, WebSocket: SpyWebSocket });
  try {
    await body(client.api, frames);
  } finally {
    await client.close();
  }
}

/** Lets pending microtasks run, but no timer: a send that waits for a timer has not happened yet. */
async function microtasks(n = 10): Promise<void> {
  for (let i = 0; i < n; i++) await Promise.resolve();
}

describe('the SDK over the WebSocket', () => {
  it('recognises the WebSocket client of the pinned @trpc/client, so calls skip wsLink\'s send timer', async () => {
    const client = createWSClient({ url: `${server.url.replace('http', 'ws')}/trpc`, WebSocket: WebSocket as never, lazy: { enabled: true, closeMs: 1000 } });
    try {
      expect(sendPromptly(client)).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('writes a call on an open socket before any timer fires', async () => {
    await withSpyClient(async (api, frames) => {
      // The first call opens the (lazy) socket.
      expect(await api.product.list.query({ shopId })).toEqual([]);
      const before = frames.length;
      const answer = api.product.list.query({ shopId });
      await microtasks();
      expect(frames.slice(before)).toHaveLength(1);
      expect(JSON.parse(frames[before] ?? '')).toMatchObject({ method: 'query', params: { path: 'product.list' } });
      expect(await answer).toEqual([]);
    });
  });

  it('still sends calls made together as one frame, and answers each', async () => {
    await withSpyClient(async (api, frames) => {
      await api.product.list.query({ shopId });
      const before = frames.length;
      const answers = Promise.all([api.product.list.query({ shopId }), api.product.snapshot.query({ shopId }), api.product.list.query({ shopId })]);
      await microtasks();
      expect(frames.slice(before)).toHaveLength(1);
      const batch = JSON.parse(frames[before] ?? '') as { params: { path: string } }[];
      expect(batch.map((m) => m.params.path)).toEqual(['product.list', 'product.snapshot', 'product.list']);
      const [list, snapshot, again] = await answers;
      expect(list).toEqual([]);
      expect(again).toEqual([]);
      expect(snapshot).toMatchObject({ products: [] });
    });
  });

  it('leaves calls made before the socket is open to wsLink, which sends them once it is', async () => {
    await withSpyClient(async (api, frames) => {
      const answers = await Promise.all([api.product.list.query({ shopId }), api.product.list.query({ shopId })]);
      expect(answers).toEqual([[], []]);
      // connectionParams first, then both calls in one frame.
      expect(frames).toHaveLength(2);
      expect(JSON.parse(frames[0] ?? '')).toMatchObject({ method: 'connectionParams' });
      expect(JSON.parse(frames[1] ?? '')).toHaveLength(2);
    });
  });
});
