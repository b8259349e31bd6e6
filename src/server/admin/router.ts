import { z } from 'zod';
import { severitySchema } from '../../shared/announcements.js';
import { textField } from '../../shared/text.js';
import { announce } from '../announcements/service.js';
import { adminProcedure, router } from '../trpc.js';
import { platformStats, userStatus } from './service.js';

const announceInput = z
  .object({
    title: textField(120),
    body: textField(2000),
    severity: severitySchema,
    endsAt: z.date().optional(),
  })
  .refine((v) => v.severity !== 'maintenance' || v.endsAt !== undefined, {
    message: 'A maintenance announcement must say when it ends (endsAt)',
    path: ['endsAt'],
  });

export const adminRouter = router({
  /** Tells everyone, live and on their next page load, until endsAt. */
  announce: adminProcedure.input(announceInput).mutation(({ ctx, input }) => announce(ctx.deps, ctx.user, input)),
  stats: adminProcedure.query(({ ctx }) => platformStats(ctx.deps)),
  userStatus: adminProcedure
    .input(z.object({ userId: z.string().min(1).max(100) }))
    .query(({ ctx, input }) => userStatus(ctx.deps, input.userId)),
});
