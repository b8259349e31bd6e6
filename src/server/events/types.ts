import type { SuperJSONResult } from 'superjson';

/** An event as it sits in the log and travels on the bus: the row, payload already decoded. */
export interface StoredEvent<TPayload = unknown> {
  id: number;
  topic: string;
  payload: TPayload;
  createdAt: Date;
  /** The payload's superjson form, made once: the row stores it and the transport sends it. */
  encoded: EncodedPayload;
}

/**
 * A live-only message (presence, typing): carried by the bus like an event, never stored, so it
 * has no id, is never replayed and is not tracked on the wire.
 */
export interface LiveSignal<TPayload = unknown> {
  id: null;
  topic: string;
  payload: TPayload;
  createdAt: Date;
  encoded: EncodedPayload;
}

/** What the bus carries and streams deliver. */
export type LiveEvent = StoredEvent | LiveSignal;

export interface EncodedPayload {
  /** JSON text of superjson's `json` part. */
  json: string;
  meta: SuperJSONResult['meta'];
}

/** What a change asks to have appended, inside its transaction. */
export interface NewEvent {
  topic: string;
  type: string;
  payload: unknown;
}
