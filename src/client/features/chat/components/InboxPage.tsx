import { Anchor, Badge, Grid, Group, NavLink, Paper, Stack, Text, Title } from '@mantine/core';
import { Link, useParams, useSearchParams } from 'react-router';
import type { InboxConversation } from '../../../../shared/chat.js';
import { orderNumber } from '../../../../shared/orderNumber.js';
import { QueryBoundary } from '../../../components/QueryBoundary.js';
import { StreamNotice } from '../../../components/StreamNotice.js';
import { useInbox } from '../api/useInbox.js';
import { ConversationThread } from './ConversationThread.js';

export function InboxPage() {
  const { shopId = '' } = useParams();
  return <Inbox key={shopId} shopId={shopId} />;
}

/** A shop team's messages: every buyer conversation, newest first with unread badges, and the chosen thread beside them. */
function Inbox({ shopId }: { shopId: string }) {
  const { inbox, rows, stream } = useInbox(shopId);
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('conversation');
  const selected = rows.find((c) => c.id === selectedId);
  return (
    <Stack>
      <Group justify="space-between" align="baseline">
        <Title order={2}>Messages</Title>
        <Anchor component={Link} to={`/dashboard/${shopId}`}>
          Back to the dashboard
        </Anchor>
      </Group>
      <StreamNotice stream={stream} />
      <QueryBoundary query={inbox} label="conversations">
        {() => (
          <Grid>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Paper withBorder p="xs" data-testid="inbox">
                {rows.length === 0 && (
                  <Text c="dimmed" size="sm" p="xs">
                    No messages yet. Buyers can write to you from your shop page and from their orders.
                  </Text>
                )}
                {rows.map((conversation) => (
                  <NavLink
                    key={conversation.id}
                    active={conversation.id === selectedId}
                    onClick={() => setParams({ conversation: conversation.id })}
                    data-testid="inbox-row"
                    data-conversation-id={conversation.id}
                    label={<ConversationLabel conversation={conversation} />}
                    description={conversation.lastMessage ? `${conversation.lastMessage.senderName}: ${conversation.lastMessage.body}` : 'No messages yet'}
                    // The active row's shaded background leaves the dimmed default too faint (axe: color-contrast).
                    styles={{ description: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', color: 'var(--mantine-color-text)' } }}
                  />
                ))}
              </Paper>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 8 }}>
              {selected ? (
                <Paper withBorder p="sm">
                  <Title order={3} size="h4" mb="xs">
                    {conversationTitle(selected)}
                  </Title>
                  <ConversationThread key={selected.id} conversationId={selected.id} title={conversationTitle(selected)} />
                </Paper>
              ) : (
                <Text c="dimmed">Choose a conversation to read and answer it.</Text>
              )}
            </Grid.Col>
          </Grid>
        )}
      </QueryBoundary>
    </Stack>
  );
}

function conversationTitle(conversation: InboxConversation): string {
  return conversation.orderId ? `${conversation.buyerName}, about order ${orderNumber(conversation.orderId)}` : conversation.buyerName;
}

function ConversationLabel({ conversation }: { conversation: InboxConversation }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs">
      <Text size="sm" fw={conversation.unreadCount > 0 ? 700 : 400} truncate>
        {conversationTitle(conversation)}
      </Text>
      {conversation.unreadCount > 0 && (
        <Badge size="sm" circle={conversation.unreadCount < 10} data-testid="unread" aria-label={`${conversation.unreadCount} unread`}>
          {conversation.unreadCount}
        </Badge>
      )}
    </Group>
  );
}
