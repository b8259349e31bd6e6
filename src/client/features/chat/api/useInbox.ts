import { useEffect, useMemo, useState } from 'react';
import { trpc } from '../../../app/trpc.js';
import { useCurrentUser } from '../../../app/useCurrentUser.js';
import { useLiveStream } from '../../../lib/live/useLiveStream.js';
import { applyInboxEvent, inboxFrom, inboxRows, type InboxState } from './inboxState.js';

/** A shop's conversations with the member's unread counts, live: new messages move them up and count, own reads clear them. */
export function useInbox(shopId: string) {
  const { user } = useCurrentUser();
  const me = user?.id ?? '';
  const inbox = trpc.chat.inbox.useQuery({ shopId }, { staleTime: Infinity, refetchOnWindowFocus: false });
  const [state, setState] = useState<InboxState>(new Map());
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    if (inbox.data && !loaded) {
      setState(inboxFrom(inbox.data.items));
      setLoaded(true);
    }
  }, [inbox.data, loaded]);

  const stream = useLiveStream(trpc.chat.onInbox, {
    input: { shopId },
    cursor: inbox.data?.eventCursor,
    onEvent: (event) => setState((current) => applyInboxEvent(current, event, me)),
    reloadSnapshot: async () => {
      const fresh = await inbox.refetch({ throwOnError: true });
      if (!fresh.data) throw new Error('The inbox did not load');
      setState(inboxFrom(fresh.data.items));
      return fresh.data.eventCursor;
    },
  });
  const rows = useMemo(() => inboxRows(state), [state]);
  return { inbox, rows, stream };
}
