import { describe, expect, it } from 'vitest';
import { streamEndedAction } from './streamEnded.js';
import { networkError, serverError } from './testErrors.js';

describe('what a live view does when the server ends its stream', () => {
  it('reloads its snapshot for a cursor the log cannot serve, either way', () => {
    expect(streamEndedAction(serverError('PRECONDITION_FAILED', { reason: 'cursor_expired' }))).toBe('reload');
    expect(streamEndedAction(serverError('PRECONDITION_FAILED', { reason: 'cursor_ahead' }))).toBe('reload');
  });

  it('reloads its snapshot when the viewer\'s role in the shop changed (what they may see changed with it)', () => {
    expect(streamEndedAction(serverError('PRECONDITION_FAILED', { reason: 'role_changed' }))).toBe('reload');
  });

  it('stops on refusals that asking again would only repeat, including a precondition it cannot meet', () => {
    expect(streamEndedAction(serverError('FORBIDDEN'))).toBe('stop');
    expect(streamEndedAction(serverError('NOT_FOUND'))).toBe('stop');
    expect(streamEndedAction(serverError('BAD_REQUEST'))).toBe('stop');
    expect(streamEndedAction(serverError('PRECONDITION_FAILED'))).toBe('stop');
    expect(streamEndedAction(serverError('PRECONDITION_FAILED', { reason: 'shop_closed' }))).toBe('stop');
  });

  it('signs out on UNAUTHORIZED', () => {
    expect(streamEndedAction(serverError('UNAUTHORIZED'))).toBe('sign_out');
  });

  it('resumes after falling behind, server trouble, a lost socket, an unknown code or a non-tRPC error', () => {
    expect(streamEndedAction(serverError('TOO_MANY_REQUESTS'))).toBe('resume');
    expect(streamEndedAction(serverError('INTERNAL_SERVER_ERROR'))).toBe('resume');
    expect(streamEndedAction(serverError('SERVICE_UNAVAILABLE'))).toBe('resume');
    expect(streamEndedAction(networkError())).toBe('resume');
    expect(streamEndedAction(new Error('boom'))).toBe('resume');
  });
});
