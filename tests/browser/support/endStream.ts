import type { BrowserContext, WebSocketRoute } from 'playwright-core';

interface Frame {
  id?: number;
  method?: string;
  params?: { path?: string; input?: { json?: { lastEventId?: string } }; lastEventId?: string };
  result?: { type?: string; id?: string };
}

function frames(message: string | Buffer): Frame[] {
  const parsed: unknown = JSON.parse(message.toString());
  return (Array.isArray(parsed) ? parsed : [parsed]) as Frame[];
}

/** tRPC's JSON-RPC numbers for the codes a test ends a stream with. */
const RPC_CODES = { TOO_MANY_REQUESTS: -32029, PRECONDITION_FAILED: -32012, FORBIDDEN: -32003 } as const;

export interface SentCall {
  id: number;
  method: string;
  path: string;
  /** wsLink puts the id it tracked beside the input; the server lets that one win. */
  lastEventId: string | undefined;
}

/**
 * Sits between the page and the server and can end one subscription the way the server does,
 * with an error frame for its id. The server keeps streaming under that id; those frames are
 * dropped, as a stream that really ended would not deliver them. Call before the page loads.
 */
export async function streamEnder(context: BrowserContext) {
  let route: WebSocketRoute | undefined;
  const ended = new Set<number>();
  const sent: SentCall[] = [];
  await context.routeWebSocket(/\/trpc/, (ws) => {
    route = ws;
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      for (const f of frames(message)) {
        if (f.id === undefined || !f.method || !f.params?.path) continue;
        sent.push({ id: f.id, method: f.method, path: f.params.path, lastEventId: f.params.lastEventId ?? f.params.input?.json?.lastEventId });
      }
      server.send(message);
    });
    server.onMessage((message) => {
      if (frames(message).some((f) => f.id !== undefined && ended.has(f.id))) return;
      ws.send(message);
    });
  });
  const newest = (path: string): SentCall => {
    const current = sent.filter((call) => call.method === 'subscription' && call.path === path).at(-1);
    if (!route || !current) throw new Error(`no ${path} subscription to end`);
    return current;
  };
  return {
    sent,
    /** Drops what the newest subscription to `path` gets from now on, as if the server had stopped sending. */
    silence(path: string): SentCall {
      const current = newest(path);
      ended.add(current.id);
      return current;
    },
    /** Ends the newest subscription to `path` with `code` (and `data` beside it, e.g. `reason`). */
    end(path: string, code: keyof typeof RPC_CODES, message: string, data: Record<string, unknown> = {}): SentCall {
      const current = newest(path);
      ended.add(current.id);
      const error = { message, code: RPC_CODES[code], data: { code, httpStatus: 400, path, zodIssues: null, ...data } };
      route?.send(JSON.stringify({ id: current.id, error: { json: error } }));
      return current;
    },
  };
}
