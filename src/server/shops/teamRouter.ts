import { z } from 'zod';
import { emailField } from '../../shared/text.js';
import { shopRoleSchema } from '../../shared/domain.js';
import { router, sellerProcedure } from '../trpc.js';
import { addMember, listTeam, removeMember, setMemberRole } from './team.js';

const id = z.string().min(1).max(100);

export const teamRouter = router({
  list: sellerProcedure.input(z.object({ shopId: id })).query(({ ctx, input }) => listTeam(ctx.deps, ctx.user, input.shopId)),
  add: sellerProcedure
    .input(z.object({ shopId: id, email: emailField(), role: z.enum(['manager', 'staff']) }))
    .mutation(({ ctx, input }) => addMember(ctx.deps, ctx.user, input)),
  setRole: sellerProcedure
    .input(z.object({ shopId: id, userId: id, role: shopRoleSchema }))
    .mutation(({ ctx, input }) => setMemberRole(ctx.deps, ctx.user, input)),
  remove: sellerProcedure.input(z.object({ shopId: id, userId: id })).mutation(({ ctx, input }) => removeMember(ctx.deps, ctx.user, input)),
});
