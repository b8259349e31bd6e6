import { describe, expect, it } from 'vitest';
import { liveStatus } from './liveStatus.js';
import { serverError } from './testErrors.js';

const following = { kind: 'following', from: '1' } as const;

describe('the status a live view shows', () => {
  it('is live only while the server streams to it', () => {
    expect(liveStatus({ kind: 'waiting' }, { status: 'idle', error: null }).status).toBe('loading');
    expect(liveStatus(following, { status: 'idle', error: null }).status).toBe('connecting');
    expect(liveStatus(following, { status: 'connecting', error: null }).status).toBe('connecting');
    expect(liveStatus(following, { status: 'pending', error: null }).status).toBe('live');
  });

  it("is reconnecting while wsLink gets a dropped socket back, with no error of the stream's own", () => {
    expect(liveStatus(following, { status: 'connecting', error: new Error('socket closed') })).toEqual({ status: 'reconnecting', error: null });
  });

  it('carries the reason the server ended the stream while it resumes, reloads or has stopped', () => {
    const error = serverError('TOO_MANY_REQUESTS');
    expect(liveStatus({ kind: 'retrying', error }, { status: 'idle', error: null })).toEqual({ status: 'reconnecting', error });
    expect(liveStatus({ kind: 'reloading', error }, { status: 'idle', error: null })).toEqual({ status: 'reconnecting', error });
    expect(liveStatus({ kind: 'stopped', error }, { status: 'idle', error: null })).toEqual({ status: 'stopped', error });
  });
});
