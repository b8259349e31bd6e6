import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { TypingSignal } from '../../../../shared/chat.js';
import { trpc } from '../../../app/trpc.js';
import { useCurrentUser } from '../../../app/useCurrentUser.js';
import { useLiveStream } from '../../../lib/live/useLiveStream.js';
import { newIdempotencyKey } from '../../../utils/idempotencyKey.js';
import { emptyThread, orderedMessages, threadReducer, unreadFromOthers } from './threadState.js';

const PAGE = 30;
/** How long "… is typing" stays up after the last signal (senders signal at most every 2 s while typing). */
const TYPING_SHOWN_MS = 4_000;
/** The client's own throttle, matching the server's: calls in between would only be answered ok and dropped. */
const TYPING_EVERY_MS = 2_000;

/**
 * One conversation, live: the newest page of history and its cursor, every message and read
 * after it through the one live-view hook, typing signals as they come, older pages on demand.
 * Marks messages from others read while the thread is shown.
 */
export function useConversation(conversationId: string) {
  const { user } = useCurrentUser();
  const me = user?.id ?? '';
  const utils = trpc.useUtils();
  const [state, dispatch] = useReducer(threadReducer, emptyThread);
  const [olderCursor, setOlderCursor] = useState<string | null | undefined>(undefined);
  const [typing, setTyping] = useState<ReadonlyMap<string, { name: string; until: number }>>(new Map());

  const history = trpc.chat.history.useQuery({ conversationId, limit: PAGE }, { staleTime: Infinity, refetchOnWindowFocus: false });
  const reads = trpc.chat.reads.useQuery({ conversationId }, { staleTime: Infinity, refetchOnWindowFocus: false });
  useEffect(() => {
    if (!history.data) return;
    dispatch({ type: 'messages', messages: history.data.items });
    setOlderCursor((known) => (known === undefined ? history.data.nextCursor : known));
  }, [history.data]);
  useEffect(() => {
    if (reads.data) dispatch({ type: 'reads', reads: reads.data });
  }, [reads.data]);

  const stream = useLiveStream(trpc.chat.onConversation, {
    input: { conversationId },
    cursor: history.data?.eventCursor,
    onEvent: (event) => {
      dispatch({ type: 'event', event });
      // Someone who sent a message has stopped typing it.
      if (event.type === 'message') setTyping((current) => without(current, event.message.senderId));
    },
    onSignal: (signal: TypingSignal) => {
      if (signal.userId === me) return;
      setTyping((current) => new Map(current).set(signal.userId, { name: signal.name, until: Date.now() + TYPING_SHOWN_MS }));
    },
    reloadSnapshot: async () => {
      dispatch({ type: 'reset' });
      setOlderCursor(undefined);
      const fresh = await history.refetch({ throwOnError: true });
      if (!fresh.data) throw new Error('The conversation did not load');
      return fresh.data.eventCursor;
    },
  });

  // Typing indicators fade on their own: the sender may simply stop.
  useEffect(() => {
    if (typing.size === 0) return;
    const next = Math.min(...[...typing.values()].map((t) => t.until));
    const timer = window.setTimeout(() => setTyping((current) => new Map([...current].filter(([, t]) => t.until > Date.now()))), Math.max(0, next - Date.now()) + 50);
    return () => window.clearTimeout(timer);
  }, [typing]);

  const messages = useMemo(() => orderedMessages(state), [state]);
  const markRead = trpc.chat.markRead.useMutation({ onSuccess: () => void utils.chat.list.invalidate() });
  const toRead = me ? unreadFromOthers(messages, state.reads, me) : undefined;
  const asked = useRef<string | null>(null);
  useEffect(() => {
    if (!toRead || asked.current === toRead.id || document.visibilityState === 'hidden') return;
    asked.current = toRead.id;
    markRead.mutate({ conversationId, upToMessageId: toRead.id });
  }, [toRead, conversationId, markRead]);

  const loadOlder = async () => {
    if (!olderCursor) return;
    const page = await utils.chat.history.fetch({ conversationId, limit: PAGE, before: olderCursor });
    dispatch({ type: 'messages', messages: page.items });
    setOlderCursor(page.nextCursor);
  };

  const typingCall = trpc.chat.typing.useMutation();
  const lastTyping = useRef(0);
  const noteTyping = () => {
    if (Date.now() - lastTyping.current < TYPING_EVERY_MS) return;
    lastTyping.current = Date.now();
    typingCall.mutate({ conversationId });
  };

  return {
    me,
    history,
    stream,
    messages,
    reads: state.reads,
    typing: [...typing.values()].map((t) => t.name),
    hasOlder: Boolean(olderCursor),
    loadOlder,
    noteTyping,
    send: useSend(conversationId),
  };
}

/**
 * One clientMessageId per message being written: a retry after a failure (a dropped
 * connection) sends the same one, and the server answers with the first message rather than
 * post it twice. A new draft after a success gets a new id.
 */
function useSend(conversationId: string) {
  const key = useRef(newIdempotencyKey());
  const mutation = trpc.chat.send.useMutation();
  const send = (body: string, onSent: () => void) =>
    mutation.mutate(
      { conversationId, body, clientMessageId: key.current },
      {
        onSuccess: () => {
          key.current = newIdempotencyKey();
          onSent();
        },
      },
    );
  return { send, mutation };
}

function without<V>(map: ReadonlyMap<string, V>, key: string): ReadonlyMap<string, V> {
  if (!map.has(key)) return map;
  const next = new Map(map);
  next.delete(key);
  return next;
}
