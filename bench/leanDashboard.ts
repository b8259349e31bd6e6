/**
 * A dashboard that speaks tRPC's WebSocket protocol over a raw `ws` socket, sending what
 * createShopwireClient + wsLink send (captured from @trpc/client 11.19):
 *
 *   GET /trpc?connectionParams=1                         (upgrade)
 *   {"method":"connectionParams","data":{"token":"…"}}
 *   {"id":1,"method":"subscription","params":{"input":{"json":{"shopId":"…"}},"path":"dashboard.onDashboardUpdate"}}
 *
 * and reading what the server sends back (src/server/transport/wsHandler.ts, wire.ts):
 *
 *   PING                                                  (keep-alive after 30 s without a message from us; answered PONG)
 *   {"id":1,"result":{"type":"started"}}
 *   {"id":1,"result":{"type":"data","id":"<event id>","data":{"json":{"id":"<event id>","data":<event>},"meta":…}}}
 *   {"id":1,"result":{"type":"stopped"}}  /  {"id":…,"error":{"json":{"message":…}}}  /  {"id":null,"method":"reconnect"}
 *
 * Why: the real client's observable chain and superjson deserialize cost the load side several
 * times the server's CPU per delivery, so on a small machine the fan-out figures measured the
 * load generator. This one costs a JSON.parse per frame: about half the real client's CPU per
 * frame (measured ~12.5 vs ~25 µs on the 2-core dev machine, of which ~6 µs is ws's own receive
 * path). Reading a frame off each of 1,000 sockets still costs more than the server's writing one
 * prepared buffer to them, so the load side is not free: check its cores in the report.
 *
 * No superjson deserialize: the audit reads the event's type, order id and shop id, all strings,
 * which superjson's `json` part carries unchanged; only `meta` (the Dates, e.g. order.createdAt)
 * would need applying, and nothing here reads a Date.
 *
 * It never reconnects: a lost connection is counted (as the tRPC dashboard counts wsLink's
 * reconnect) and its missing events show up in the audit as lost.
 */
import { WebSocket, type RawData } from 'ws';
import type { DashboardEventView, OpenDashboard } from './dashboards.js';
import { nowMs } from './proc.js';

/** The tRPC client numbers its operations from 1; each dashboard has its own client and one operation. */
const SUBSCRIPTION_ID = 1;
const PATH = 'dashboard.onDashboardUpdate';
const CLOSE_WAIT_MS = 2000;

interface ServerMessage {
  id?: string | number | null;
  method?: string;
  result?: { type?: string; id?: string; data?: { json?: { id?: string; data?: DashboardEventView } } };
  error?: { json?: { message?: string }; message?: string };
}

export const openLeanDashboard: OpenDashboard = (url, spec, sink) => {
  const socket = new WebSocket(`${url.replace(/\/$/, '').replace(/^http/, 'ws')}/trpc?connectionParams=1`);
  let started = false;
  /** A disconnect (or failure) was reported, or we are closing: nothing more to report. */
  let gone = false;
  let lastError: string | null = null;

  const lose = (reason: string) => {
    if (gone) return;
    gone = true;
    if (started) sink.disconnected();
    else sink.failed(reason);
  };

  socket.on('open', () => {
    socket.send(JSON.stringify({ method: 'connectionParams', data: { token: spec.token } }));
    socket.send(JSON.stringify({ id: SUBSCRIPTION_ID, method: 'subscription', params: { input: { json: { shopId: spec.shopId } }, path: PATH } }));
  });

  socket.on('message', (raw: RawData, isBinary: boolean) => {
    // Receipt time as the frame arrives, on the same monotonic clock as the tRPC dashboard's.
    const at = nowMs();
    // The default binaryType is nodebuffer: a single Buffer.
    const text = (raw as Buffer).toString('utf8');
    if (!isBinary && text === 'PING') {
      // The server terminates a socket that stays silent for 10 s after its PING; wsLink answers too.
      socket.send('PONG');
      return;
    }
    if (!isBinary && text === 'PONG') return;
    let message: ServerMessage;
    try {
      message = JSON.parse(text) as ServerMessage;
    } catch {
      // wsLink would throw from its socket callback; the worker counts that as an error too.
      sink.error(`unparseable frame: ${text.slice(0, 200)}`);
      return;
    }
    if (message.method === 'reconnect') {
      // wsLink would drop the socket and reconnect: one disconnect. This client just drops it.
      lose('server requested reconnect');
      socket.close();
      return;
    }
    if (message.error !== undefined && (message.id === SUBSCRIPTION_ID || message.id === null)) {
      // For id 1 this is wsLink's onError. An id-null error (the server could not build the
      // connection's context, e.g. a bad token, and closes the socket) wsLink ignores and
      // retries until the start timeout; here it is reported at once.
      sink.error(message.error.json?.message ?? message.error.message ?? JSON.stringify(message.error));
      return;
    }
    // Answers to anything else wsLink would ignore as well.
    if (message.id !== SUBSCRIPTION_ID || message.result === undefined) return;
    const result = message.result;
    if (result.type === 'data') {
      const event = result.data?.json?.data;
      if (typeof result.id !== 'string' || event === undefined) {
        sink.error(`data frame without a tracked event id or event: ${text.slice(0, 200)}`);
        return;
      }
      sink.data(result.id, event, at);
    } else if (result.type === 'started') {
      started = true;
      sink.started();
    } else if (result.type === 'stopped') {
      // Never sent in a healthy run (the bench does not unsubscribe): the stream ended server-side.
      sink.error('subscription stopped by the server');
    }
  });

  // ws follows an 'error' with 'close'; the close reports it.
  socket.on('error', (err: Error) => {
    lastError = err.message;
  });
  socket.on('close', (code: number) => lose(`socket closed (code ${code}${lastError ? `, ${lastError}` : ''}) before the subscription started`));

  return () =>
    new Promise<void>((resolve) => {
      gone = true;
      if (socket.readyState === WebSocket.CLOSED) return resolve();
      const timer = setTimeout(() => {
        socket.terminate();
        resolve();
      }, CLOSE_WAIT_MS);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.close();
    });
};
