import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';

/** Services throw these; `toTRPCError` is the one place that maps them to wire codes. */
export class DomainError extends Error {
  constructor(
    readonly code: TRPC_ERROR_CODE_KEY,
    message: string,
    /** Which of a code's several causes this is (`email_taken`, `not_enough_stock`...): clients title their message by it. */
    readonly reason: string | null = null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} not found`);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You may not access this resource') {
    super('FORBIDDEN', message);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'Sign in first', reason: string | null = null) {
    super('UNAUTHORIZED', message, reason);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, reason: string | null = null) {
    super('CONFLICT', message, reason);
  }
}

export class InvalidRequestError extends DomainError {
  constructor(message: string) {
    super('BAD_REQUEST', message);
  }
}

/** Refused for now; callers get `retryAfterSeconds` in the error's data (see trpc.ts). */
export class RetryLaterError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('TOO_MANY_REQUESTS', message);
  }
}

/**
 * A running stream's caller now belongs to another audience (a member made staff, or made manager):
 * its frames were the old audience's, so it ends and the client reloads its snapshot, which comes
 * as the new role sees it, and subscribes again. `reason` goes out in the error's data (trpc.ts).
 */
export class AudienceChangedError extends DomainError {
  constructor(message = 'Your role here changed: reload to see this as your new role allows, then subscribe again') {
    super('PRECONDITION_FAILED', message, 'role_changed');
  }
}

export function toTRPCError(error: unknown): unknown {
  if (error instanceof DomainError) return new TRPCError({ code: error.code, message: error.message, cause: error });
  return error;
}
