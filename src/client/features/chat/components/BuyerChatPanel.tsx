import { Button, Paper, Stack, Text } from '@mantine/core';
import { useId, useState } from 'react';
import type { ConversationPanelProps } from '../../../lib/slots/conversationPanel.js';
import { trpc } from '../../../app/trpc.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { ConversationThread } from './ConversationThread.js';

/**
 * "Message the shop": a buyer's conversation with a shop (about one of their orders, when given),
 * opened on demand so a page of order cards does not open a stream per card.
 */
export function BuyerChatPanel({ shopId, orderId, label }: ConversationPanelProps) {
  const [shown, setShown] = useState(false);
  const open = trpc.chat.open.useMutation();
  const regionId = useId();
  const toggle = () => {
    if (!shown && !open.data) open.mutate({ shopId, ...(orderId ? { orderId } : {}) });
    setShown((s) => !s);
  };
  return (
    <Stack gap="xs" w="100%">
      <Button size="xs" variant="light" onClick={toggle} aria-expanded={shown} aria-controls={regionId} style={{ alignSelf: 'flex-start' }}>
        {shown ? 'Hide messages' : label}
      </Button>
      <div id={regionId}>
        {shown && (
          <Paper withBorder p="sm" data-testid="buyer-chat">
            {open.error ? (
              <ErrorAlert error={open.error} onRetry={() => open.mutate({ shopId, ...(orderId ? { orderId } : {}) })} />
            ) : open.data ? (
              <ConversationThread conversationId={open.data.id} title={label} />
            ) : (
              <Text size="sm" c="dimmed">
                Opening the conversation…
              </Text>
            )}
          </Paper>
        )}
      </div>
    </Stack>
  );
}
