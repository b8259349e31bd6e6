import { initTRPC } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import type { Context } from './context.js';
import type { Role } from '../shared/domain.js';
import { CursorError } from './live/engine.js';
import { DomainError, UnauthorizedError, ForbiddenError, RetryLaterError, toTRPCError } from './errors.js';

const INTERNAL_MESSAGE = 'Something went wrong on our side';

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // Stack traces stay in the server log, never in answers to callers.
  isDev: false,
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      // An unexpected error's message is a library's own (SQLite's names tables and constraints): the log has it, callers do not.
      message: error.code === 'INTERNAL_SERVER_ERROR' ? INTERNAL_MESSAGE : shape.message,
      data: {
        ...shape.data,
        zodIssues: error.cause instanceof ZodError ? error.cause.issues : null,
        retryAfterSeconds: error.cause instanceof RetryLaterError ? error.cause.retryAfterSeconds : null,
        // Why a cursor cannot be served (CONTRACT), that the caller's role changed (the client reloads its snapshot on each),
        // or which cause of a refusal this is (the client titles its message by it).
        reason: error instanceof CursorError ? error.reason : error.cause instanceof DomainError ? error.cause.reason : null,
      },
    };
  },
});

export const router = t.router;

/** Domain errors thrown by services become their TRPCError codes here, once. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) throw toTRPCError(result.error.cause);
  return result;
});

export const publicProcedure = t.procedure.use(mapDomainErrors);

/** Signed in (and, given a role, in that role); one middleware, since every call pays for each layer. */
function signedIn(role?: { is: Role; refusal: string }) {
  return t.middleware(({ ctx, next }) => {
    // A WebSocket context lives as long as its connection, so expiry is checked per call.
    if (!ctx.user || ctx.user.expiresAt.getTime() <= ctx.deps.clock.now().getTime()) throw new UnauthorizedError();
    if (role && ctx.user.role !== role.is) throw new ForbiddenError(role.refusal);
    return next({ ctx: { ...ctx, user: ctx.user } });
  });
}

export const authedProcedure = publicProcedure.use(signedIn());
export const buyerProcedure = publicProcedure.use(signedIn({ is: 'buyer', refusal: 'Only buyers can do this' }));
export const sellerProcedure = publicProcedure.use(signedIn({ is: 'seller', refusal: 'Only sellers can do this' }));
export const adminProcedure = publicProcedure.use(signedIn({ is: 'admin', refusal: 'Only operators (admin accounts) can do this' }));
