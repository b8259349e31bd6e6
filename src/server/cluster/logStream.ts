import type { Executor } from '../db/database.js';
import type { EventBus } from '../events/bus.js';
import { readLogAfter, readLogRowsAfter, storedEvent, type LogRow } from '../events/eventLog.js';
import type { EventRelay } from '../events/relay.js';
import type { StoredEvent } from '../events/types.js';
import type { Redis } from './redis.js';

const PAGE = 500;

/**
 * Appends log rows to the stream with their position as the entry id, skipping those at or below
 * the stream's newest: Redis only accepts ids above the newest, and this script makes that a skip
 * instead of an error, atomically. So any number of relays may offer the same rows, in any
 * interleaving, and each position is in the stream once, in position order. Returns the newest id.
 * MAXLEN ~ keeps the stream bounded; a reader that fell further behind reads the gap from the log.
 */
const APPEND = `
local last = 0
local top = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
if top[1] then last = tonumber(string.match(top[1][1], '^(%d+)')) end
for i = 2, #ARGV, 4 do
  local id = tonumber(ARGV[i])
  if id > last then
    redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], ARGV[i] .. '-0', 't', ARGV[i + 1], 'p', ARGV[i + 2], 'c', ARGV[i + 3])
    last = id
  end
end
return tostring(last)
`;

export type DeliveryMode = 'stream' | 'log';

export interface LogStreamOptions {
  db: Executor;
  /** Commands (the relay's appends). */
  redis: Redis;
  /** A connection of its own: XREAD BLOCK holds it. */
  reader: Redis;
  key: string;
  /** This instance's subscribers. */
  local: EventBus;
  /** Positions at or below it are not published (subscribers from before it replay them from the log). */
  start: number;
  /** How often the relay looks at the log for what no instance published (one that died after its commit). */
  sweepMs: number;
  /** Without the stream: how often the log is read for other instances' commits. */
  pollMs: number;
  maxLen: number;
  onMode(mode: DeliveryMode, cause: unknown): void;
  onGapRead(): void;
  /** The relay could not append (the broker is away): told each time, for debugging; the reader falls back to the log. */
  onRelayError(error: unknown): void;
  onError(error: unknown): void;
}

export interface LogStream {
  relay: EventRelay;
  mode(): DeliveryMode;
  /** The newest position published to this instance's subscribers. */
  delivered(): number;
  stop(): Promise<void>;
}

/**
 * Live events between instances (DESIGN §8, §9). Publishing happens from the log, never from a
 * transaction: every instance runs
 * - a relay that reads the log past the newest position it knows of and appends those rows to ONE
 *   Redis Stream, woken by its own commits and by a timer. The timer is what covers an instance
 *   that died between its COMMIT and its append: its rows are in the log, and the next sweep of
 *   any other instance appends them. The append is idempotent (see APPEND), so relays never need
 *   to agree on who publishes.
 * - a reader that follows the stream (XREAD BLOCK) and publishes each entry to this instance's
 *   in-process bus, where the live engine's streams listen as before.
 *
 * Without the broker (down, or this instance cut off from it) the reader reads the log itself,
 * every `pollMs` and on each local commit, and goes back to the stream once it answers again.
 * Both paths go through `deliver`, which publishes each position at most once and in increasing
 * order: the engine drops any id at or below the last it sent a subscriber, so an id that came
 * out of order would be lost for it, not merely late. A jump in positions (a rolled-back append,
 * a trimmed stream, or entries the stream never got while the log was read directly) is read
 * from the log before going on: positions are taken in commit order (the tail lock of
 * events/eventLog.ts `appendEvents`), so once a position is committed every lower one that will
 * ever exist is too.
 */
export function startLogStream(options: LogStreamOptions): LogStream {
  const { db, redis, reader, key, local } = options;
  const onError = (error: unknown) => options.onError(error);
  let delivered = options.start;
  let stopped = false;

  // The relay: log -> stream.
  let top = options.start;
  let pumping: Promise<void> | null = null;
  let pumpAgain = false;
  let relayFailing = false;
  const append = async (rows: readonly LogRow[]) => {
    const args = [String(options.maxLen)];
    for (const row of rows) args.push(String(row.id), row.topic, row.payload, String(row.created_at));
    const newest = await redis.eval(APPEND, { keys: [key], arguments: args });
    return Number(newest);
  };
  const pumpOnce = async () => {
    for (;;) {
      const rows = await readLogRowsAfter(db, Math.max(top, delivered), PAGE);
      if (rows.length === 0) return;
      top = Math.max(top, await append(rows));
      if (rows.length < PAGE) return;
    }
  };
  const pump = () => {
    if (stopped) return;
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = (async () => {
      do {
        pumpAgain = false;
        await pumpOnce();
      } while (pumpAgain && !stopped);
      relayFailing = false;
    })()
      .catch((error: unknown) => {
        options.onRelayError(error);
        // The broker is away: this instance's subscribers get the log directly meanwhile, and the
        // next wake or sweep appends what is missing once it is back.
        relayFailing = true;
        wakeReader();
      })
      .finally(() => (pumping = null));
  };
  const sweep = setInterval(pump, options.sweepMs);
  sweep.unref();

  // The reader: stream (or log) -> this instance's bus, in order, once.
  const deliver = async (events: readonly StoredEvent[]) => {
    const out: StoredEvent[] = [];
    let through = delivered;
    for (const event of events) {
      if (event.id <= through) continue;
      while (event.id > through + 1) {
        options.onGapRead();
        const missing = await readLogAfter(db, through, PAGE, event.id);
        out.push(...missing);
        through = missing.length < PAGE ? event.id - 1 : (missing.at(-1)?.id ?? event.id - 1);
      }
      out.push(event);
      through = event.id;
    }
    if (out.length === 0) return;
    delivered = through;
    try {
      local.publish(out);
    } catch (error) {
      // A listener that threw: the others got the events; its subscriber catches up from the log.
      onError(error);
    }
  };

  let mode: DeliveryMode = 'stream';
  const setMode = (next: DeliveryMode, cause: unknown) => {
    if (next === mode) return;
    mode = next;
    options.onMode(next, cause);
  };
  let wake: (() => void) | null = null;
  const wakeReader = () => {
    wake?.();
    wake = null;
  };
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const readStream = async () => {
    // Short enough that the connection's watchdog PING (redis.ts), queued behind it, is answered well within its deadline.
    const reply = await reader.sendCommand<StreamReply | null>(['XREAD', 'COUNT', String(PAGE), 'BLOCK', '1000', 'STREAMS', key, `${delivered}-0`]);
    // The client hands XREAD's reply over as an object keyed by stream (older ones: an array of pairs).
    const entries = (Array.isArray(reply) ? reply[0]?.[1] : reply?.[key]) ?? [];
    await deliver(entries.map(entryEvent));
  };
  const readLog = async () => {
    for (;;) {
      const page = await readLogAfter(db, delivered, PAGE);
      await deliver(page);
      if (page.length < PAGE) return;
    }
  };

  const loop = (async () => {
    while (!stopped) {
      if (relayFailing) setMode('log', new Error('the relay cannot append to the stream'));
      try {
        if (mode === 'stream') {
          await readStream();
          continue;
        }
        await readLog();
        await nap(options.pollMs);
        // Not ready: reconnecting, or connected but its handshake unanswered (a silent network, redis.ts).
        if (reader.isReady && redis.isReady && !relayFailing) setMode('stream', null);
      } catch (error) {
        if (stopped) break;
        if (mode === 'stream') setMode('log', error);
        else {
          onError(error);
          await nap(options.pollMs);
        }
      }
    }
  })();

  return {
    relay: {
      committed: () => {
        pump();
        if (mode === 'log') wakeReader();
      },
    },
    mode: () => mode,
    delivered: () => delivered,
    async stop() {
      stopped = true;
      clearInterval(sweep);
      wakeReader();
      await pumping;
      // Ends a pending XREAD BLOCK.
      reader.destroy();
      await loop;
    },
  };
}

type StreamEntry = [id: string, fields: string[]];
type StreamReply = [key: string, entries: StreamEntry[]][] | Record<string, StreamEntry[] | undefined>;

function entryEvent([id, fields]: StreamEntry): StoredEvent {
  const value: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) value[fields[i] ?? ''] = fields[i + 1] ?? '';
  return storedEvent({ id: Number(id.slice(0, id.indexOf('-'))), topic: value['t'] ?? '', payload: value['p'] ?? '{}', created_at: Number(value['c']) });
}
