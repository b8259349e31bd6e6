import superjson from 'superjson';
import type { StoredEvent } from '../events/types.js';

/**
 * Serializes each event once for every subscriber. A data message for subscription `id` is
 * `prefix(id) + tail(event)`: the prefix is fixed per subscription, the tail per event; the same
 * bytes tRPC's own adapter would produce, so the stock `wsLink` reads them.
 */
export interface EventWire {
  prefix(requestId: string | number, jsonrpc: '2.0' | undefined): Buffer;
  tail(event: StoredEvent): Buffer;
}

export function createEventWire(): EventWire {
  // Keyed by the event object the bus hands to every listener, so it lives exactly as long as the event.
  const tails = new WeakMap<StoredEvent, Buffer>();
  return {
    prefix(requestId, jsonrpc) {
      const rpc = jsonrpc === undefined ? '' : `"jsonrpc":${JSON.stringify(jsonrpc)},`;
      return Buffer.from(`{"id":${JSON.stringify(requestId)},${rpc}"result":{"type":"data","id":"`);
    },
    tail(event) {
      let tail = tails.get(event);
      if (!tail) {
        tail = Buffer.from(`${event.id}","data":${trackedData(event)}}}`);
        tails.set(event, tail);
      }
      return tail;
    },
  };
}

/**
 * superjson of `{ id, data: payload }` (what tRPC sends for a tracked event), assembled from the
 * payload's stored encoding: its meta paths move under `data.`. Anything but plain value
 * annotations (e.g. shared references) takes the general path.
 */
function trackedData(event: StoredEvent): string {
  const id = String(event.id);
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
