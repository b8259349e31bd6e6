import { skipToken, type SkipToken } from '@tanstack/react-query';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useLiveView } from '../../app/connectionHooks.js';
import { useEndSessionOnUnauthorized } from '../../app/sessionHooks.js';
import { createLiveStream, type LiveStreamHost, type Timers } from './liveStream.js';
import { liveStatus, type LiveStatus } from './liveStatus.js';

interface SubscriptionResult {
  status: 'idle' | 'connecting' | 'pending' | 'error';
  error: unknown;
}

/**
 * A tracked subscription procedure of the tRPC React binding (e.g. `trpc.order.onMyOrders`):
 * its input carries `lastEventId`, its events come as `{ id, data }`. Structural, so input
 * and event types are inferred from AppRouter through the procedure passed in. A topic that
 * also carries live-only signals (typing) yields those bare, without an id (`TSignal`).
 */
export interface TrackedProcedure<TInput extends { lastEventId?: string | null } | undefined, TEvent, TSignal = never> {
  useSubscription(
    input: TInput | SkipToken,
    opts: { onStarted?: () => void; onData?: (data: { id: string; data: TEvent } | TSignal) => void; onError?: (error: unknown) => void },
  ): SubscriptionResult;
}

export interface LiveStreamConfig<TInput, TEvent, TSignal = never> {
  /** The procedure's input without `lastEventId`; the hook adds that. */
  input: Omit<NonNullable<TInput>, 'lastEventId'>;
  /** The snapshot's cursor once it is loaded (`'0'` replays the whole log); later values are ignored. */
  cursor: string | undefined;
  /** Each new event once, in order, with its id. */
  onEvent: (event: TEvent, id: number) => void;
  /** Throw away live state, read the snapshot again, answer with its cursor (CONTRACT: cursors that cannot be served). */
  reloadSnapshot: () => Promise<string>;
  /** Each live-only signal as it comes: no id, never replayed, so it neither moves nor repeats the cursor. */
  onSignal?: (signal: TSignal) => void;
}

export interface LiveStreamView {
  status: LiveStatus;
  /** Why the stream is paused or ended, while it is. */
  error: unknown;
}

const browserTimers: Timers = {
  set: (run, ms) => window.setTimeout(run, ms),
  clear: (handle) => window.clearTimeout(handle as number),
};

/** The one live-view recipe: every view that follows a logged topic goes through here. */
export function useLiveStream<TInput extends { lastEventId?: string | null } | undefined, TEvent, TSignal = never>(
  procedure: TrackedProcedure<TInput, TEvent, TSignal>,
  config: LiveStreamConfig<TInput, TEvent, TSignal>,
): LiveStreamView {
  const endSessionOnUnauthorized = useEndSessionOnUnauthorized();
  const latest = useRef({ config, endSessionOnUnauthorized });
  useEffect(() => {
    latest.current = { config, endSessionOnUnauthorized };
  });
  const [stream] = useState(() =>
    createLiveStream({
      timers: browserTimers,
      host: (): LiveStreamHost => ({
        reloadSnapshot: () => latest.current.config.reloadSnapshot(),
        signOut: (error) => latest.current.endSessionOnUnauthorized(error),
      }),
    }),
  );
  useEffect(() => () => stream.dispose(), [stream]);

  const { cursor } = config;
  useEffect(() => {
    if (cursor !== undefined) stream.start(cursor);
  }, [stream, cursor]);

  const phase = useSyncExternalStore(stream.subscribe, stream.getPhase);
  useLiveView(phase.kind !== 'waiting' && phase.kind !== 'stopped');

  const subscription = procedure.useSubscription(phase.kind === 'following' ? ({ ...config.input, lastEventId: phase.from } as TInput) : skipToken, {
    onData: (value) => {
      if (!isTracked(value)) return latest.current.config.onSignal?.(value);
      if (stream.accept(value.id)) latest.current.config.onEvent(value.data, Number(value.id));
    },
    onStarted: () => stream.started(),
    onError: (error: unknown) => stream.failed(error),
  });
  return liveStatus(phase, subscription);
}

/** A live-only subscription procedure (presence): plain values, no ids, nothing to resume from. */
export interface EphemeralProcedure<TInput, TValue> {
  useSubscription(
    input: TInput | SkipToken,
    opts: { onStarted?: () => void; onData?: (data: TValue) => void; onError?: (error: unknown) => void },
  ): SubscriptionResult;
}

export interface EphemeralStreamConfig<TInput, TValue> {
  input: TInput;
  /** False: not subscribed (yet). */
  enabled?: boolean;
  /** Every value as it comes; the server sends the current state first on every (re)subscription. */
  onValue: (value: TValue) => void;
}

/**
 * The same recipe for ephemeral topics (presence, live view): no snapshot cursor and no ids, so
 * nothing to deduplicate or reload; a stream the server ends is resubscribed after the same
 * jittered backoff, a refusal stops it, UNAUTHORIZED ends the session. A fresh subscription starts
 * with the whole current state, so nothing missed while away needs replaying.
 */
export function useEphemeralStream<TInput, TValue>(procedure: EphemeralProcedure<TInput, TValue>, config: EphemeralStreamConfig<TInput, TValue>): LiveStreamView {
  const endSessionOnUnauthorized = useEndSessionOnUnauthorized();
  const latest = useRef({ config, endSessionOnUnauthorized });
  useEffect(() => {
    latest.current = { config, endSessionOnUnauthorized };
  });
  const [stream] = useState(() =>
    createLiveStream({
      timers: browserTimers,
      host: (): LiveStreamHost => ({
        // Only logged topics have cursors that can expire; an ephemeral stream is never asked to reload.
        reloadSnapshot: () => Promise.resolve('0'),
        signOut: (error) => latest.current.endSessionOnUnauthorized(error),
      }),
    }),
  );
  useEffect(() => () => stream.dispose(), [stream]);
  const enabled = config.enabled ?? true;
  useEffect(() => {
    if (enabled) stream.start('0');
  }, [stream, enabled]);

  const phase = useSyncExternalStore(stream.subscribe, stream.getPhase);
  useLiveView(phase.kind !== 'waiting' && phase.kind !== 'stopped');
  const subscription = procedure.useSubscription(phase.kind === 'following' && enabled ? config.input : skipToken, {
    onData: (value) => latest.current.config.onValue(value),
    onStarted: () => stream.started(),
    onError: (error: unknown) => stream.failed(error),
  });
  return liveStatus(phase, subscription);
}

/** Tracked events come as `{ id, data }`; a live-only signal is its bare payload, with no string `id` beside `data`. */
function isTracked<TEvent, TSignal>(value: { id: string; data: TEvent } | TSignal): value is { id: string; data: TEvent } {
  return typeof value === 'object' && value !== null && 'data' in value && typeof (value as { id?: unknown }).id === 'string';
}
