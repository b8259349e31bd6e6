import { z } from 'zod';
import { textField, wellFormedText } from '../../shared/text.js';
import { lastEventIdSchema, topicKinds } from '../live/topics.js';
import { authedProcedure, buyerProcedure, router, sellerProcedure } from '../trpc.js';
import { conversationHistory, followConversation, listConversations, markRead, openConversation, readPositions, sendMessage, shopInbox, signalTyping } from './service.js';

const id = z.string().min(1).max(100);
/** CONTRACT: 1..4000 characters once trimmed. */
export const MESSAGE_MAX_CHARS = 4000;

export const chatRouter = router({
  open: buyerProcedure.input(z.object({ shopId: id, orderId: id.optional() })).mutation(({ ctx, input }) => openConversation(ctx.deps, ctx.user, input)),
  list: authedProcedure.input(z.object({ shopId: id.optional() }).optional()).query(({ ctx, input }) => listConversations(ctx.deps.db, ctx.user, input ?? {})),
  send: authedProcedure
    .input(z.object({ conversationId: id, body: textField(MESSAGE_MAX_CHARS), clientMessageId: wellFormedText().min(1).max(200) }))
    .mutation(({ ctx, input }) => sendMessage(ctx.deps, ctx.user, input)),
  history: authedProcedure
    .input(z.object({ conversationId: id, before: id.nullish(), limit: z.number().int().min(1).max(100).default(30) }))
    .query(({ ctx, input }) => conversationHistory(ctx.deps.db, ctx.user, input)),
  markRead: authedProcedure.input(z.object({ conversationId: id, upToMessageId: id })).mutation(({ ctx, input }) => markRead(ctx.deps, ctx.user, input)),
  typing: authedProcedure.input(z.object({ conversationId: id })).mutation(({ ctx, input }) => signalTyping(ctx.deps, ctx.user, input.conversationId)),
  onConversation: authedProcedure
    .input(z.object({ conversationId: id, lastEventId: lastEventIdSchema }))
    .subscription(({ ctx, input }) => followConversation(ctx.deps.live, ctx.user, input.conversationId, input.lastEventId)),
  /** Beyond the contract: every participant's read position, for read receipts (positions only move forward, so later `read` events simply supersede these). */
  reads: authedProcedure.input(z.object({ conversationId: id })).query(({ ctx, input }) => readPositions(ctx.deps.db, ctx.user, input.conversationId)),
  /** Beyond the contract: a shop's inbox (its conversations with buyer names) and the cursor for `onInbox`. */
  inbox: sellerProcedure.input(z.object({ shopId: id })).query(({ ctx, input }) => shopInbox(ctx.deps.db, ctx.user, input.shopId)),
  /** Beyond the contract: every message of a shop's conversations, and the caller's own read moves, for its inbox. */
  onInbox: sellerProcedure
    .input(z.object({ shopId: id, lastEventId: lastEventIdSchema }))
    .subscription(({ ctx, input }) => ctx.deps.live.follow(ctx.user, topicKinds.shopChat, input.shopId, input.lastEventId)),
});
