import { errorCode, errorReason } from '../../utils/describeError.js';

/** What a live view does when the server ends its stream with an error. */
export type StreamEndedAction =
  /** The token is no longer good: the session ends, and the stream with it. */
  | 'sign_out'
  /** Asking again would get the same answer (not allowed, gone, bad input): show it and stop. */
  | 'stop'
  /** The cursor can no longer be served, or the viewer's role changed: a fresh snapshot brings a fresh cursor. */
  | 'reload'
  /** Anything else (fell behind, server busy or restarting): resubscribe from the last event seen. */
  | 'resume';

// A cursor the log cannot serve, or a role changed in the shop (the snapshot comes anew as the new role sees it).
const RELOAD_REASONS = new Set(['cursor_expired', 'cursor_ahead', 'role_changed']);

export function streamEndedAction(error: unknown): StreamEndedAction {
  switch (errorCode(error)) {
    case 'UNAUTHORIZED':
      return 'sign_out';
    case 'FORBIDDEN':
    case 'NOT_FOUND':
    case 'BAD_REQUEST':
      return 'stop';
    case 'PRECONDITION_FAILED':
      // A precondition we do not know how to meet would fail the same way on every retry.
      return RELOAD_REASONS.has(errorReason(error) ?? '') ? 'reload' : 'stop';
    case 'CONFLICT':
    case 'TOO_MANY_REQUESTS':
    case 'SERVICE_UNAVAILABLE':
    case 'INTERNAL_SERVER_ERROR':
    case 'NETWORK':
    case undefined:
      return 'resume';
  }
}
