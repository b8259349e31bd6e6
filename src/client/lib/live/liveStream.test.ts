import { describe, expect, it, vi } from 'vitest';
import { createLiveStream, type LiveStreamHost, type Timers } from './liveStream.js';
import { serverError } from './testErrors.js';

/** Timers that run only when the test says time has passed. */
function manualTimers() {
  let now = 0;
  let nextId = 0;
  const due = new Map<number, { at: number; run: () => void }>();
  const timers: Timers = {
    set: (run, ms) => (due.set(++nextId, { at: now + ms, run }), nextId),
    clear: (handle) => due.delete(handle as number),
  };
  return {
    timers,
    pending: () => [...due.values()].map((timer) => timer.at - now),
    advance(ms: number) {
      now += ms;
      for (const [id, timer] of [...due].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at > now) continue;
        due.delete(id);
        timer.run();
      }
    },
  };
}

function setup(host: Partial<LiveStreamHost> = {}) {
  const clock = manualTimers();
  const calls = { reload: vi.fn(host.reloadSnapshot ?? (() => Promise.resolve('500'))), signOut: vi.fn() };
  // random() = 0: every pause is the lower half of its jitter band, so the delays are exact.
  const stream = createLiveStream({ timers: clock.timers, random: () => 0, host: () => ({ reloadSnapshot: calls.reload, signOut: calls.signOut }) });
  return { stream, clock, calls };
}

const flush = () => new Promise<void>((resolve) => queueMicrotask(resolve)).then(() => undefined);

describe('a live stream', () => {
  it('waits for the snapshot, starts from its cursor, and ignores later cursors', () => {
    const { stream } = setup();
    expect(stream.getPhase()).toEqual({ kind: 'waiting' });
    stream.start('40');
    stream.start('90');
    expect(stream.getPhase()).toEqual({ kind: 'following', from: '40' });
  });

  it('takes each event once: nothing at or below the cursor, nothing twice', () => {
    const { stream } = setup();
    stream.start('40');
    expect(['39', '40', '41', '41', '43', '42', '44'].map((id) => stream.accept(id))).toEqual([false, false, true, false, true, false, true]);
  });

  it('after the server ends it, waits a jittered pause and resubscribes from the last event seen', () => {
    const { stream, clock } = setup();
    stream.start('40');
    stream.accept('41');
    stream.accept('42');
    const error = serverError('TOO_MANY_REQUESTS');
    stream.failed(error);
    expect(stream.getPhase()).toEqual({ kind: 'retrying', error });
    expect(clock.pending()).toEqual([125]);
    clock.advance(124);
    expect(stream.getPhase().kind).toBe('retrying');
    clock.advance(1);
    expect(stream.getPhase()).toEqual({ kind: 'following', from: '42' });
    // The replay from 42 repeats nothing already applied.
    expect(stream.accept('42')).toBe(false);
    expect(stream.accept('43')).toBe(true);
  });

  it('backs off further each time it fails before starting, and from the start again once it has started', () => {
    const { stream, clock } = setup();
    stream.start('1');
    const pauses: number[] = [];
    for (let i = 0; i < 8; i++) {
      stream.failed(serverError('INTERNAL_SERVER_ERROR'));
      pauses.push(...clock.pending());
      clock.advance(60_000);
    }
    expect(pauses).toEqual([125, 250, 500, 1000, 2000, 4000, 5000, 5000]);
    stream.started();
    stream.failed(serverError('INTERNAL_SERVER_ERROR'));
    expect(clock.pending()).toEqual([125]);
  });

  it('reloads the snapshot at once for an expired cursor and follows from the fresh cursor, even a lower one', async () => {
    const { stream, clock, calls } = setup({ reloadSnapshot: () => Promise.resolve('7') });
    stream.start('40');
    stream.accept('41');
    const error = serverError('PRECONDITION_FAILED', { reason: 'cursor_ahead' });
    stream.failed(error);
    expect(stream.getPhase()).toEqual({ kind: 'reloading', error });
    clock.advance(0);
    expect(calls.reload).toHaveBeenCalledTimes(1);
    await flush();
    expect(stream.getPhase()).toEqual({ kind: 'following', from: '7' });
    // After a restored database, ids start lower than what was seen before: they are new events.
    expect(stream.accept('8')).toBe(true);
  });

  it('backs off when reloading keeps being needed or keeps failing, until an event gets through', async () => {
    let answer: () => Promise<string> = () => Promise.reject(new Error('offline'));
    const { stream, clock, calls } = setup({ reloadSnapshot: () => answer() });
    stream.start('40');
    stream.failed(serverError('PRECONDITION_FAILED', { reason: 'cursor_expired' }));
    clock.advance(0);
    await flush();
    expect(stream.getPhase().kind).toBe('reloading');
    expect(clock.pending()).toEqual([250]);
    answer = () => Promise.resolve('60');
    clock.advance(250);
    await flush();
    expect(stream.getPhase()).toEqual({ kind: 'following', from: '60' });
    expect(calls.reload).toHaveBeenCalledTimes(2);

    stream.failed(serverError('PRECONDITION_FAILED', { reason: 'cursor_expired' }));
    expect(clock.pending()).toEqual([500]);
    clock.advance(500);
    await flush();
    stream.accept('61');
    stream.failed(serverError('PRECONDITION_FAILED', { reason: 'cursor_expired' }));
    expect(clock.pending()).toEqual([0]);
  });

  it('stops on FORBIDDEN with nothing scheduled, and ignores what the ended stream says after', () => {
    const { stream, clock, calls } = setup();
    stream.start('40');
    const error = serverError('FORBIDDEN');
    stream.failed(error);
    stream.failed(serverError('TOO_MANY_REQUESTS'));
    expect(stream.getPhase()).toEqual({ kind: 'stopped', error });
    expect(clock.pending()).toEqual([]);
    expect(calls.signOut).not.toHaveBeenCalled();
  });

  it('signs out on UNAUTHORIZED and stops', () => {
    const { stream, clock, calls } = setup();
    stream.start('40');
    const error = serverError('UNAUTHORIZED');
    stream.failed(error);
    expect(calls.signOut).toHaveBeenCalledWith(error);
    expect(stream.getPhase()).toEqual({ kind: 'stopped', error });
    expect(clock.pending()).toEqual([]);
  });

  it('once disposed, runs no pause it had scheduled and takes no reload that lands late', async () => {
    let land: (cursor: string) => void = () => undefined;
    const { stream, clock } = setup({ reloadSnapshot: () => new Promise((resolve) => (land = resolve)) });
    stream.start('40');
    stream.failed(serverError('PRECONDITION_FAILED', { reason: 'cursor_expired' }));
    clock.advance(0);
    stream.dispose();
    land('90');
    await flush();
    expect(stream.getPhase().kind).toBe('reloading');

    const other = setup();
    other.stream.start('40');
    other.stream.failed(serverError('TOO_MANY_REQUESTS'));
    other.stream.dispose();
    expect(other.clock.pending()).toEqual([]);
  });

  it('tells its listeners of every change of phase', () => {
    const { stream } = setup();
    const seen: string[] = [];
    const stop = stream.subscribe(() => seen.push(stream.getPhase().kind));
    stream.start('1');
    stream.failed(serverError('FORBIDDEN'));
    stop();
    stream.start('2');
    expect(seen).toEqual(['following', 'stopped']);
  });
});
