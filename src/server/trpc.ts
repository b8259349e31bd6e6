import { initTRPC } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import type { Context } from './context.js';
import { DomainError, UnauthorizedError, ForbiddenError, toTRPCError } from './errors.js';

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // Stack traces stay in the server log, never in answers to callers.
  isDev: false,
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      data: { ...shape.data, zodIssues: error.cause instanceof ZodError ? error.cause.issues : null },
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

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  // A WebSocket context lives as long as its connection, so expiry is checked per call.
  if (!ctx.user || ctx.user.expiresAt.getTime() <= ctx.deps.clock.now().getTime()) throw new UnauthorizedError();
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export const buyerProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'buyer') throw new ForbiddenError('Only buyers can do this');
  return next();
});

export const sellerProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'seller') throw new ForbiddenError('Only sellers can do this');
  return next();
});
