import { Alert, Badge, Button, Group, Paper, ScrollArea, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Message } from '../../../../shared/chat.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { StreamNotice } from '../../../components/StreamNotice.js';
import { useConversation } from '../api/useConversation.js';
import { seenByOthers } from '../api/threadState.js';

const MAX_CHARS = 4000;
const sentAt = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

/** A conversation's messages (live), who is typing, whether the other side has seen mine, and a box to write. */
export function ConversationThread({ conversationId, title }: { conversationId: string; title: string }) {
  const thread = useConversation(conversationId);
  const [draft, setDraft] = useState('');
  const bottom = useRef<HTMLDivElement>(null);
  const newestId = thread.messages.at(-1)?.id;
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: 'nearest' });
  }, [newestId]);

  if (thread.history.error) return <ErrorAlert error={thread.history.error} onRetry={() => void thread.history.refetch()} />;
  const lastMine = thread.messages.findLast((m) => m.senderId === thread.me);
  const trimmed = draft.trim();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (trimmed.length === 0 || trimmed.length > MAX_CHARS) return;
    thread.send.send(trimmed, () => setDraft(''));
  };

  return (
    <Stack gap="xs" data-testid="chat-thread" data-conversation-id={conversationId}>
      <StreamNotice stream={thread.stream} />
      <ScrollArea.Autosize mah={360} type="auto">
        <Stack gap={6} role="log" aria-label={title} aria-live="polite">
          {thread.hasOlder && (
            <Button size="xs" variant="subtle" onClick={() => void thread.loadOlder()}>
              Show earlier messages
            </Button>
          )}
          {thread.history.isPending && <Text c="dimmed" size="sm">Loading messages…</Text>}
          {thread.messages.length === 0 && !thread.history.isPending && (
            <Text c="dimmed" size="sm">
              No messages yet. Say hello!
            </Text>
          )}
          {thread.messages.map((message) => (
            <Bubble key={message.id} message={message} mine={message.senderId === thread.me} seen={message === lastMine && seenByOthers(message, thread.reads)} />
          ))}
          <div ref={bottom} />
        </Stack>
      </ScrollArea.Autosize>
      <Text size="xs" c="dimmed" data-testid="typing" aria-live="polite" mih={18}>
        {thread.typing.length > 0 ? `${thread.typing.join(', ')} ${thread.typing.length === 1 ? 'is' : 'are'} typing…` : ''}
      </Text>
      <form onSubmit={submit}>
        <Stack gap={6}>
          <Textarea
            label="Your message"
            autosize
            minRows={2}
            maxRows={6}
            value={draft}
            error={trimmed.length > MAX_CHARS ? `At most ${MAX_CHARS} characters (${trimmed.length} now)` : undefined}
            onChange={(event) => {
              setDraft(event.currentTarget.value);
              thread.noteTyping();
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey) submit(event);
            }}
          />
          {thread.send.mutation.error && (
            <Alert color="red" role="alert" title="Not sent">
              {thread.send.mutation.error.message} Press Send again to retry; it will not be posted twice.
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={thread.send.mutation.isPending} disabled={trimmed.length === 0 || trimmed.length > MAX_CHARS}>
              Send
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

function Bubble({ message, mine, seen }: { message: Message; mine: boolean; seen: boolean }) {
  return (
    <Group justify={mine ? 'flex-end' : 'flex-start'} data-testid="chat-message" data-mine={mine}>
      <Paper withBorder p="xs" maw="80%" bg={mine ? 'var(--mantine-color-blue-light)' : undefined}>
        <Text size="xs" c="dimmed">
          {mine ? 'You' : message.senderName}
          {message.senderRole === 'shop' && !mine ? ' (shop)' : ''} · {sentAt.format(message.at)}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="chat-body">
          {message.body}
        </Text>
        {seen && (
          <Badge size="xs" variant="light" data-testid="seen">
            Seen
          </Badge>
        )}
      </Paper>
    </Group>
  );
}
