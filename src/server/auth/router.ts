import { z } from 'zod';
import { emailField, textField, wellFormedText } from '../../shared/text.js';
import { signUpRoleSchema } from '../../shared/domain.js';
import { authedProcedure, publicProcedure, router } from '../trpc.js';
import { getUser, login, logout, refresh, register } from './service.js';

const registerInput = z
  .object({
    email: emailField(),
    password: wellFormedText().min(8, 'must be at least 8 characters').max(200, 'must be at most 200 characters'),
    name: textField(100),
    role: signUpRoleSchema,
    shopName: textField(100).optional(),
  })
  .refine((v) => v.role !== 'seller' || v.shopName !== undefined, {
    message: 'Sellers must give a shop name',
    path: ['shopName'],
  });

export const authRouter = router({
  register: publicProcedure.input(registerInput).mutation(({ ctx, input }) => register(ctx.deps, input)),
  login: publicProcedure
    .input(z.object({ email: wellFormedText().min(1).max(254), password: wellFormedText().min(1).max(200) }))
    .mutation(({ ctx, input }) => login(ctx.deps, input, ctx.address)),
  me: authedProcedure.query(({ ctx }) => getUser(ctx.deps.db, ctx.user.userId)),
  /** A fresh token; on a WebSocket the connection carries on with it, streams and all. */
  refresh: authedProcedure.mutation(({ ctx }) => refresh(ctx.deps, ctx.user.userId, ctx.connection)),
  /** Signs out the token of this call: refused from now on, its WebSocket connections closed. */
  logout: authedProcedure.mutation(({ ctx }) => logout(ctx.deps, ctx.token)),
});
