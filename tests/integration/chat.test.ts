import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationEvent, InboxEvent, TypingSignal } from '../../src/shared/chat.js';
import { codeOf, connect, connectSse, errorCode, registerBuyer, registerSeller, zodIssues, type TestClient } from '../support/clients.js';
import { setupShop, type ShopFixture } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { collect, eventually } from '../support/subscriptions.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server[Symbol.asyncDispose]();
});

type StreamItem = ConversationEvent | TypingSignal;

/** A conversation's stream; a live-only signal comes without an id, kept here as id ''. */
function watch(client: TestClient, conversationId: string, lastEventId?: string) {
  return collect<StreamItem>((h) =>
    client.api.chat.onConversation.subscribe(
      { conversationId, lastEventId },
      { onStarted: h.onStarted, onError: h.onError, onData: (value) => h.onData('id' in value ? value : { id: '', data: value }) },
    ),
  );
}

const db = () => server.app.deps.db;
const messageRows = (conversationId: string) => db().selectFrom('messages').selectAll().where('conversation_id', '=', conversationId).orderBy('id').execute();
const readRow = (conversationId: string, userId: string) =>
  db().selectFrom('conversation_reads').selectAll().where('conversation_id', '=', conversationId).where('user_id', '=', userId).executeTakeFirst();
let sends = 0;
const send = (client: TestClient, conversationId: string, body: string, clientMessageId = `m-${++sends}`) => client.api.chat.send.mutate({ conversationId, body, clientMessageId });
const userIdOf = async (client: TestClient) => (await client.api.auth.me.query()).id;

/** A second member of the fixture's shop (team.add is another branch's: the membership row directly). */
async function secondMember(shop: ShopFixture): Promise<TestClient> {
  const anon = connect(server.url);
  const seller = await registerSeller(anon.api);
  await anon.close();
  await db().insertInto('shop_sellers').values({ shop_id: shop.shopId, user_id: seller.user.id, role: 'staff' }).execute();
  return connect(server.url, seller.token);
}

async function strangers(shop: ShopFixture) {
  const anon = connect(server.url);
  const buyer = connect(server.url, (await registerBuyer(anon.api)).token);
  const seller = connect(server.url, (await registerSeller(anon.api)).token);
  return {
    anon,
    buyer,
    seller,
    shop,
    async [Symbol.asyncDispose]() {
      await Promise.all([anon.close(), buyer.close(), seller.close()]);
    },
  };
}

describe('chat.open', () => {
  it('gives a buyer one conversation per shop and per own order of that shop, the same on every call', async () => {
    await using shop = await setupShop(server.url);
    const first = await shop.buyer.api.chat.open.mutate({ shopId: shop.shopId });
    expect(first).toEqual({ id: first.id, shopId: shop.shopId, buyerId: shop.buyerId, orderId: null, lastMessage: null, unreadCount: 0 });
    expect(first.id).not.toBe('');
    const [again, concurrent] = await Promise.all([shop.buyer.api.chat.open.mutate({ shopId: shop.shopId }), shop.buyer.api.chat.open.mutate({ shopId: shop.shopId })]);
    expect(again.id).toBe(first.id);
    expect(concurrent.id).toBe(first.id);

    const order = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: shop.products[0]?.id ?? '', quantity: 1 }] });
    const aboutOrder = await shop.buyer.api.chat.open.mutate({ shopId: shop.shopId, orderId: order.id });
    expect(aboutOrder.orderId).toBe(order.id);
    expect(aboutOrder.id).not.toBe(first.id);
    expect((await shop.buyer.api.chat.open.mutate({ shopId: shop.shopId, orderId: order.id })).id).toBe(aboutOrder.id);
    const rows = await db().selectFrom('conversations').select('id').where('buyer_id', '=', shop.buyerId).execute();
    expect(rows).toHaveLength(2);
  });

  it("refuses another buyer's order, an unknown order or shop, an order of another shop, and sellers; writes nothing", async () => {
    await using shop = await setupShop(server.url);
    await using other = await setupShop(server.url);
    const theirs = await other.buyer.api.order.place.mutate({ shopId: other.shopId, items: [{ productId: other.products[0]?.id ?? '', quantity: 1 }] });
    const mineElsewhere = await shop.buyer.api.order.place.mutate({ shopId: other.shopId, items: [{ productId: other.products[0]?.id ?? '', quantity: 1 }] });
    expect(await errorCode(other.buyer.api.chat.open.mutate({ shopId: other.shopId, orderId: mineElsewhere.id }))).toBe('FORBIDDEN');
    expect(await errorCode(shop.buyer.api.chat.open.mutate({ shopId: other.shopId, orderId: theirs.id }))).toBe('FORBIDDEN');
    expect(await errorCode(shop.buyer.api.chat.open.mutate({ shopId: shop.shopId, orderId: 'no-such-order' }))).toBe('NOT_FOUND');
    expect(await errorCode(shop.buyer.api.chat.open.mutate({ shopId: 'no-such-shop' }))).toBe('NOT_FOUND');
    expect(await errorCode(shop.buyer.api.chat.open.mutate({ shopId: shop.shopId, orderId: mineElsewhere.id }))).toBe('BAD_REQUEST');
    expect(await errorCode(shop.seller.api.chat.open.mutate({ shopId: shop.shopId }))).toBe('FORBIDDEN');
    await using anon = connect(server.url);
    expect(await errorCode(anon.api.chat.open.mutate({ shopId: shop.shopId }))).toBe('UNAUTHORIZED');
    const rows = await db().selectFrom('conversations').select('id').where('shop_id', 'in', [shop.shopId, other.shopId]).execute();
    expect(rows).toEqual([]);
  });
});

describe('chat.send and chat.history', () => {
  it('stores trimmed messages with the sender and side, and pages them newest first', async () => {
    await using shop = await setupShop(server.url);
    const { id } = await shop.buyer.api.chat.open.mutate({ shopId: shop.shopId });
    const sent = [];
    for (let i = 1; i <= 5; i++) sent.push(await send(i % 2 ? shop.buyer : shop.seller, id, `  message ${i}  `));
    expect(new Set(sent.map((s) => s.id)).size).toBe(5);
    expect(sent[0]?.at).toBeInstanceOf(Date);

    const first = await shop.buyer.api.chat.history.query({ conversationId: id, limit: 2 });
    expect(first.items.map((m) => m.body)).toEqual(['message 5', 'message 4']);
    expect(first.items[1]).toEqual({ id: sent[3]?.id, conversationId: id, senderId: await userIdOf(shop.seller), senderName: 'Seller', senderRole: 'shop', body: 'message 4', at: sent[3]?.at });
    expect(first.items[0]).toMatchObject({ senderId: shop.buyerId, senderName: 'Buyer', senderRole: 'buyer' });
    const second = await shop.seller.api.chat.history.query({ conversationId: id, limit: 2, before: first.nextCursor });
    expect(second.items.map((m) => m.body)).toEqual(['message 3', 'message 2']);
    const third = await shop.seller.api.chat.history.query({ conversationId: id, limit: 2, before: second.nextCursor });
    expect(third.items.map((m) => m.body)).toEqual(['message 1']);
    expect(third.nextCursor).toBeNull();

    const rows = await messageRows(id);
    expect(rows.map((r) => r.id)).toEqual(sent.map((s) => s.id));
    expect(rows.map((r) => r.body)).toEqual([1, 2, 3, 4, 5].map((i) => `message ${i}`));
    expect(Number(first.eventCursor)).toBeGreaterThan(0);
  });

  it('answers a repeated clientMessageId with the first message, sequential or concurrent, and writes one row', async () => {
    await using shop = await setupShop(server.url);
    const { id } = await shop.buyer.api.chat.open.mutate({ shopId: shop.shopId });
    const once = await send(shop.buyer, id, 'hello', 'retry-1');
    expect(await send(shop.buyer, id, 'hello', 'retry-1')).toEqual(once);
    // A retry after a dropped connection races the first attempt: over HTTP and WebSocket at once.
    await using http = connect(server.url, shop.buyerToken, 'http');
    const racing = await Promise.all([
      ...Array.from({ length: 4 }, () => send(shop.buyer, id, 'twice?', 'retry-2')),
      ...Array.from({ length: 4 }, () => send(http, id, 'twice?', 'retry-2')),
    ]);
    expect(new Set(racing.map((r) => r.id)).size).toBe(1);
    // The same clientMessageId from the other side is the other sender's own message.
    const sellers = await send(shop.seller, id, 'hi', 'retry-1');
    expect(sellers.id).not.toBe(once.id);

    const rows = await messageRows(id);
    expect(rows.map((r) => r.body)).toEqual(['hello', 'twice?', 'hi']);
    const events = await db().selectFrom('events').select('id').where('topic', '=', `conversation:${id}`).execute();
    expect(events).toHaveLength(3);
  });

  it('refuses empty, blank, over-long and broken messages with a clear error, and writes nothing', async () => {
    await using shop = await setupShop(server.url);
    const { id } = await shop.buyer.api.chat.open.mutate({ shopId: shop.shopId });
    for (const body of ['', '   \n ', 'x'.repeat(5000), 'half a pair: \ud83d']) {
      expect(await errorCode(send(shop.buyer, id, body))).toBe('BAD_REQUEST');
    }
    expect(await zodIssues(send(shop.buyer, id, 'x'.repeat(5000)))).toMatchObject([{ path: ['body'], code: 'too_big', maximum: 4000 }]);
    expect(await zodIssues(send(shop.buyer, id, ''))).toMatchObject([{ path: ['body'], code: 'too_small' }]);
    expect(await errorCode(shop.buyer.api.chat.send.mutate({ conversationId: id, body: 'ok', clientMessageId: '' }))).toBe('BAD_REQUEST');
    // Exactly 4,000 characters is allowed.
    await send(shop.buyer, id, 'y'.repeat(4000));
    expect(await errorCode(send(shop.buyer, 'no-such-conversation', 'hello'))).toBe('NOT_FOUND');
    const rows = await messageRows(id);
    expect(rows.map((r) => r.body.length)).toEqual([4000]);
  });

  it('refuses a stranger, a buyer on another buyer’s conversation and a seller of another shop, on every procedure', async () => {
    await using shop = await setupShop(server.url);
    await using others = await strangers(shop);
    const { id } = await shop.buyer.api.chat.open.mutate({ shopId: shop.shopId });
    const { id: messageId } = await send(shop.buyer, id, 'private');
    for (const [who, expected] of [
      [others.buyer, 'FORBIDDEN'],
      [others.seller, 'FORBIDDEN'],
      [others.anon, 'UNAUTHORIZED'],
    ] as const) {
      expect(await errorCode(send(who, id, 'let me in'))).toBe(expected);
      expect(await errorCode(who.api.chat.history.query({ conversationId: id }))).toBe(expected);
      expect(await errorCode(who.api.chat.markRead.mutate({ conversationId: id, upToMessageId: messageId }))).toBe(expected);
      expect(await errorCode(who.api.chat.typing.mutate({ conversationId: id }))).toBe(expected);
      expect(await errorCode(who.api.chat.reads.query({ conversationId: id }))).toBe(expected);
      const stream = watch(who, id);
      await stream.started;
      expect(codeOf(stream.errors[0])).toBe(expected);
      expect(stream.events).toEqual([]);
    }
    expect(await errorCode(others.seller.api.chat.list.query({ shopId: shop.shopId }))).toBe('FORBIDDEN');
    expect(await errorCode(others.seller.api.chat.inbox.query({ shopId: shop.shopId }))).toBe('FORBIDDEN');
    expect(await errorCode(others.buyer.api.chat.inbox.query({ shopId: shop.shopId }))).toBe('FORBIDDEN');
    expect(await others.buyer.api.chat.list.query({})).toEqual([]);
    expect((await messageRows(id)).map((r) => r.body)).toEqual(['private']);
    expect(await readRow(id, await userIdOf(others.buyer))).toBeUndefined();
  });
});

describe('read positions and unread counts', () => {
  it('counts messages from others after the caller’s own position, moves only forward, and agrees with the rows', async () => {
    await using shop = await setupShop(server.url);
    await using colleague = await secondMember(shop);
    const sellerId = await userIdOf(shop.seller);
    const { id } = await shop.buyer.api.chat.open.mutate({ shopId: shop.shopId });
    const m1 = await send(shop.buyer, id, 'one');
    const m2 = await send(shop.buyer, id, 'two');
    const m3 = await send(shop.buyer, id, 'three');
    await send(shop.seller, id, 'reply');

    const forSeller = await shop.seller.api.chat.list.query({ shopId: shop.shopId });
    expect(forSeller).toMatchObject([{ id, unreadCount: 3, lastMessage: { body: 'reply', senderRole: 'shop' } }]);
    // The colleague has read nothing: the buyer's three and the seller's reply.
    expect((await colleague.api.chat.list.query({ shopId: shop.shopId }))[0]?.unreadCount).toBe(4);
    expect((await shop.buyer.api.chat.list.query())[0]?.unreadCount).toBe(1);

    expect(await shop.seller.api.chat.markRead.mutate({ conversationId: id, upToMessageId: m2.id })).toEqual({ unreadCount: 1 });
    expect((await readRow(id, sellerId))?.last_read_message_id).toBe(m2.id);
    expect(await shop.buyer.api.chat.reads.query({ conversationId: id })).toEqual([{ userId: sellerId, upToMessageId: m2.id }]);
    // An older position changes nothing.
    expect(await shop.seller.api.chat.markRead.mutate({ conversationId: id, upToMessageId: m1.id })).toEqual({ unreadCount: 1 });
    expect((await readRow(id, sellerId))?.last_read_message_id).toBe(m2.id);
    expect(await shop.seller.api.chat.markRead.mutate({ conversationId: id, upToMessageId: m3.id })).toEqual({ unreadCount: 0 });
    expect((await colleague.api.chat.list.query({ shopId: shop.shopId }))[0]?.unreadCount).toBe(4);

    // Checked against the rows: messages by others with ids past the stored position.
    const rows = await messageRows(id);
    const position = (await readRow(id, sellerId))?.last_read_message_id ?? '';
    expect(rows.filter((r) => r.sender_id !== sellerId && r.id > position)).toHaveLength(0);
    const readEvents = await db().selectFrom('events').select('payload').where('topic', '=', `conversation:${id}`).where('type', '=', 'read').execute();
    expect(readEvents).toHaveLength(2);
  });

  it('refuses a message id that is unknown or of another conversation, and changes nothing', async () => {
    await using shop = await setupShop(server.url);
    const order = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: shop.products[0]?.id ?? '', quantity: 1 }] });
    const a = await shop.buyer.api.chat.open.mutate({ shopId: shop.shopId });
    const b = await shop.buyer.api.chat.open.mutate({ shopId: shop.shopId, orderId: order.id });
    const inB = await send(shop.seller, b.id, 'about your order');
    await send(shop.seller, a.id, 'hello');
    expect(await errorCode(shop.buyer.api.chat.markRead.mutate({ conversationId: a.id, upToMessageId: inB.id }))).toBe('NOT_FOUND');
    expect(await errorCode(shop.buyer.api.chat.markRead.mutate({ conversationId: a.id, upToMessageId: 'nope' }))).toBe('NOT_FOUND');
    expect(await errorCode(shop.buyer.api.chat.history.query({ conversationId: a.id, before: inB.id }))).toBe('NOT_FOUND');
    expect(await errorCode(shop.buyer.api.chat.history.query({ conversationId: a.id, limit: 0 }))).toBe('BAD_REQUEST');
    expect(await readRow(a.id, shop.buyerId)).toBeUndefined();
    expect(await shop.buyer.api.chat.list.query()).toMatchObject([
      { id: a.id, unreadCount: 1 },
      { id: b.id, unreadCount: 1 },
    ]);
  });

  it('lists the newest activity first, and a seller must name the shop', async () => {
    await using shop = await setupShop(server.url);
    const order = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: shop.products[0]?.id ?? '', quantity: 1 }] });
    const a = await shop.buyer.api.chat.open.mutate({ shopId: shop.shopId });
    const b = await shop.buyer.api.chat.open.mutate({ shopId: shop.shopId, orderId: order.id });
    await send(shop.buyer, a.id, 'first');
    await send(shop.buyer, b.id, 'second');
    expect((await shop.seller.api.chat.list.query({ shopId: shop.shopId })).map((c) => c.id)).toEqual([b.id, a.id]);
    await send(shop.seller, a.id, 'third');
    expect((await shop.buyer.api.chat.list.query({ shopId: shop.shopId })).map((c) => c.id)).toEqual([a.id, b.id]);
    expect(await errorCode(shop.seller.api.chat.list.query({}))).toBe('BAD_REQUEST');
  });
});

describe('chat.onConversation', () => {
  for (const transport of ['ws', 'sse'] as const) {
    it(`over ${transport}: tracked messages and reads from history's cursor, typing live only without an id`, async () => {
      await using shop = await setupShop(server.url);
      const { id } = await shop.buyer.api.chat.open.mutate({ shopId: shop.shopId });
      await send(shop.buyer, id, 'before the snapshot');
      const { eventCursor } = await shop.seller.api.chat.history.query({ conversationId: id });
      const replayed = await send(shop.buyer, id, 'after the snapshot');

      const client = transport === 'ws' ? shop.seller : connectSse(server.url, shop.sellerToken);
      const stream = watch(client, id, eventCursor);
      const [first] = await stream.waitFor(1);
      expect(first?.data).toMatchObject({ type: 'message', message: { id: replayed.id, body: 'after the snapshot' } });

      await shop.buyer.api.chat.typing.mutate({ conversationId: id });
      // Throttled: a second call in the window answers ok and sends nothing (the message comes next).
      expect(await shop.buyer.api.chat.typing.mutate({ conversationId: id })).toEqual({ ok: true });
      const live = await send(shop.buyer, id, 'live');
      await shop.buyer.api.chat.markRead.mutate({ conversationId: id, upToMessageId: live.id });
      const events = await stream.waitFor(4);
      expect(events.map((e) => e.data.type)).toEqual(['message', 'typing', 'message', 'read']);
      expect(events[1]).toEqual({ id: '', data: { type: 'typing', userId: shop.buyerId, name: 'Buyer' } });
      expect(events[3]?.data).toEqual({ type: 'read', userId: shop.buyerId, upToMessageId: live.id });
      const tracked = events.filter((e) => e.id !== '').map((e) => Number(e.id));
      expect(tracked).toEqual([...tracked].sort((x, y) => x - y));
      stream.unsubscribe();

      // Replay from the first event's id: the logged events after it, and never the typing signal.
      const again = watch(client, id, first?.id);
      const replay = await again.waitFor(2);
      expect(replay.map((e) => e.data.type)).toEqual(['message', 'read']);
      expect(replay.map((e) => e.id)).toEqual([events[2]?.id, events[3]?.id]);
      again.unsubscribe();
      await eventually(() => server.app.deps.live.size() === 0);
    });
  }

  it('answers typing floods past the connection’s call budget with TOO_MANY_REQUESTS', async () => {
    await using limited = await startTestServer({ CALLS_PER_SECOND: '1', CALL_BURST: '5' });
    await using shop = await setupShop(limited.url);
    const { id } = await shop.buyer.api.chat.open.mutate({ shopId: shop.shopId });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => shop.buyer.api.chat.typing.mutate({ conversationId: id })));
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    expect(codeOf(refused[0]?.reason)).toBe('TOO_MANY_REQUESTS');
  });
});

describe('a shop’s inbox', () => {
  it('lists conversations with buyer names and streams every message and the member’s own reads from its cursor', async () => {
    await using shop = await setupShop(server.url);
    const earlier = await shop.buyer.api.chat.open.mutate({ shopId: shop.shopId });
    await send(shop.buyer, earlier.id, 'already here');
    const inbox = await shop.seller.api.chat.inbox.query({ shopId: shop.shopId });
    expect(inbox.items).toMatchObject([{ id: earlier.id, buyerName: 'Buyer', unreadCount: 1 }]);

    const events = collect<InboxEvent>((h) => shop.seller.api.chat.onInbox.subscribe({ shopId: shop.shopId, lastEventId: inbox.eventCursor }, h));
    await using other = connect(server.url, (await registerBuyer(shop.buyer.api)).token);
    const fresh = await other.api.chat.open.mutate({ shopId: shop.shopId });
    const m = await send(other, fresh.id, 'new conversation');
    await shop.seller.api.chat.markRead.mutate({ conversationId: fresh.id, upToMessageId: m.id });
    const got = await events.waitFor(2);
    expect(got[0]?.data).toMatchObject({ type: 'message', conversation: { id: fresh.id, buyerName: 'Buyer', orderId: null }, message: { id: m.id } });
    expect(got[1]?.data).toEqual({ type: 'read', conversationId: fresh.id, userId: await userIdOf(shop.seller), unreadCount: 0 });
    events.unsubscribe();
  });
});

describe('message notifications', () => {
  const notes = (userId: string) => db().selectFrom('notifications').selectAll().where('user_id', '=', userId).where('kind', '=', 'message').orderBy('id').execute();

  it('tells each recipient without the conversation open, in the send’s transaction, and nobody who is watching it', async () => {
    await using shop = await setupShop(server.url);
    await using colleague = await secondMember(shop);
    const [sellerId, colleagueId] = [await userIdOf(shop.seller), await userIdOf(colleague)];
    const { id } = await shop.buyer.api.chat.open.mutate({ shopId: shop.shopId });

    // The colleague has the thread open; the seller does not.
    const open = watch(colleague, id);
    await eventually(() => server.app.deps.live.size() === 1);
    const emoji = '🙂'.repeat(200);
    await send(shop.buyer, id, `Is it\n  in stock? ${emoji}`);
    expect(await notes(colleagueId)).toEqual([]);
    const [note] = await notes(sellerId);
    expect(note).toMatchObject({ title: 'New message from Buyer', link: `/dashboard/${shop.shopId}/inbox?conversation=${id}` });
    expect(note?.body.startsWith('Is it in stock? 🙂')).toBe(true);
    expect([...(note?.body ?? '')]).toHaveLength(140);
    expect((await shop.seller.api.notification.list.query({})).items[0]).toMatchObject({ kind: 'message', title: 'New message from Buyer' });
    open.unsubscribe();
    await eventually(() => server.app.deps.live.size() === 0);

    // The shop answers: the buyer (not watching) is told, the shop's members are not.
    const buyerStream = watch(shop.buyer, id);
    await eventually(() => server.app.deps.live.size() === 1);
    await send(shop.seller, id, 'while you watch');
    expect(await notes(shop.buyerId)).toEqual([]);
    buyerStream.unsubscribe();
    await eventually(() => server.app.deps.live.size() === 0);
    await send(shop.seller, id, 'Yes, 3 left');
    expect(await notes(shop.buyerId)).toMatchObject([{ title: 'New message from Seller', body: 'Yes, 3 left', link: `/shops/${shop.shopId}` }]);
    expect(await notes(colleagueId)).toEqual([]);
    // A retried send notifies nobody again.
    await send(shop.seller, id, 'Yes, 3 left', `m-${sends}`);
    expect(await notes(shop.buyerId)).toHaveLength(1);
  });
});
