import superjson from 'superjson';
import { encodedText } from '../events/encode.js';
import type { LiveEvent } from '../events/types.js';

/**
 * Serializes each event once for every WebSocket subscriber. A data message for subscription `id`
 * is `head + tail(event)`: the head is fixed per subscription, the tail per event; the same bytes
 * tRPC's own adapter would produce, so the stock `wsLink` reads them.
 */
export interface EventWire {
  /** The fixed start of this subscription's data messages: tracked (logged events) and plain (live signals). */
  heads(requestId: string | number, jsonrpc: '2.0' | undefined): SubscriptionHeads;
  frame(heads: SubscriptionHeads, event: LiveEvent): Buffer;
}

/**
 * Made on first use: most subscribers only ever get one of the two kinds, and an idle one none,
 * so thousands of idle subscribers hold a short string each rather than two buffers.
 */
export class SubscriptionHeads {
  private trackedHead: Buffer | undefined;
  private plainHead: Buffer | undefined;

  constructor(private readonly start: string) {}

  tracked(): Buffer {
    return (this.trackedHead ??= Buffer.from(`${this.start}"id":"`));
  }

  plain(): Buffer {
    return (this.plainHead ??= Buffer.from(`${this.start}"data":`));
  }
}

export function createEventWire(): EventWire {
  // Keyed by the event object the bus hands to every listener, so it lives exactly as long as the event.
  const tails = new WeakMap<LiveEvent, Buffer>();
  const tail = (event: LiveEvent) => {
    let bytes = tails.get(event);
    if (!bytes) {
      bytes = Buffer.from(event.id === null ? `${encodedText(event.encoded)}}}` : `${event.id}","data":${trackedData(event.id, event)}}}`);
      tails.set(event, bytes);
    }
    return bytes;
  };
  return {
    heads(requestId, jsonrpc) {
      return new SubscriptionHeads(`{"id":${JSON.stringify(requestId)},${jsonrpc === undefined ? '' : `"jsonrpc":${JSON.stringify(jsonrpc)},`}"result":{"type":"data",`);
    },
    frame(heads, event) {
      return Buffer.concat([event.id === null ? heads.plain() : heads.tracked(), tail(event)]);
    },
  };
}

/**
 * superjson of `{ id, data: payload }` (what tRPC sends for a tracked event), assembled from the
 * payload's stored encoding: its meta paths move under `data.`. Anything but plain value
 * annotations (e.g. shared references) takes the general path.
 */
function trackedData(eventId: number, event: LiveEvent): string {
  const id = String(eventId);
  const { json, meta } = event.encoded;
  const simpleMeta = meta === undefined || (meta.referentialEqualities === undefined && isRecord(meta.values));
  if (!simpleMeta) return JSON.stringify(superjson.serialize({ id, data: event.payload }));
  const body = `{"id":${JSON.stringify(id)},"data":${json}}`;
  if (!meta || !isRecord(meta.values)) return `{"json":${body}}`;
  const values = Object.fromEntries(Object.entries(meta.values).map(([path, annotation]) => [`data.${path}`, annotation]));
  return `{"json":${body},"meta":${JSON.stringify({ ...meta, values })}}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** SSE frames as tRPC's `httpSubscriptionLink` reads them (its sseStreamProducer's format), one per event. */
export function createSseWire(): { frame(event: LiveEvent): string } {
  const frames = new WeakMap<LiveEvent, string>();
  return {
    frame(event) {
      let text = frames.get(event);
      if (text === undefined) {
        text = event.id === null ? `data: ${encodedText(event.encoded)}\n\n\n` : `data: ${encodedText(event.encoded)}\nid: ${event.id}\n\n\n`;
        frames.set(event, text);
      }
      return text;
    },
  };
}
