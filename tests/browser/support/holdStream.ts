import type { Page } from 'playwright-core';

interface TrpcFrame {
  id?: unknown;
  method?: unknown;
  params?: { path?: unknown };
  result?: { type?: unknown };
}

function frames(message: string | Buffer): TrpcFrame[] {
  try {
    const parsed: unknown = JSON.parse(String(message));
    return (Array.isArray(parsed) ? parsed : [parsed]).filter((f): f is TrpcFrame => typeof f === 'object' && f !== null);
  } catch {
    return [];
  }
}

/**
 * Proxies the page's tRPC socket so a test can drop one subscription's events for a while
 * (the tab then misses them for good, like a stream that is behind). Call before the page loads.
 */
export async function holdStream(page: Page, path: string): Promise<{ hold: () => void; release: () => void }> {
  let holding = false;
  await page.routeWebSocket(/\/trpc/, (ws) => {
    const server = ws.connectToServer();
    const subscriptionIds = new Set<unknown>();
    ws.onMessage((message) => {
      for (const frame of frames(message)) if (frame.method === 'subscription' && frame.params?.path === path) subscriptionIds.add(frame.id);
      server.send(message);
    });
    server.onMessage((message) => {
      if (holding && frames(message).some((frame) => subscriptionIds.has(frame.id) && frame.result?.type === 'data')) return;
      ws.send(message);
    });
  });
  return { hold: () => (holding = true), release: () => (holding = false) };
}
