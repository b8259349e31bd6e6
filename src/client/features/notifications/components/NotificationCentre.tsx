import { Anchor, Box, Button, Group, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { Notification } from '../../../../shared/notification.js';
import { LoadOlderButton } from '../../../components/LoadOlderButton.js';
import { StreamNotice } from '../../../components/StreamNotice.js';
import type { useNotifications } from '../api/useNotifications.js';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

type Notifications = ReturnType<typeof useNotifications>;

/** Every notification, newest first: open one (its link, and it counts as read), mark one or all read, load older ones. */
export function NotificationCentre({ notifications, onNavigate }: { notifications: Notifications; onNavigate: () => void }) {
  const { items, unreadCount, list, stream, markRead } = notifications;
  const read = (ids: string[]) => markRead.mutate({ ids });
  return (
    <Stack gap={0} data-testid="notification-centre">
      <Group justify="space-between" px="md" py="sm">
        <Title order={2} size="h5">
          Notifications
        </Title>
        <Button size="xs" variant="subtle" disabled={unreadCount === 0} loading={markRead.isPending} onClick={() => markRead.mutate({ all: true })}>
          Mark all read
        </Button>
      </Group>
      <Box px="md">
        <StreamNotice stream={stream} />
      </Box>
      <ScrollArea.Autosize mah={420} type="auto">
        {list.isPending ? (
          <Text c="dimmed" size="sm" px="md" pb="md">
            Loading…
          </Text>
        ) : items.length === 0 ? (
          <Text c="dimmed" size="sm" px="md" pb="md">
            Nothing yet. Orders, stock alerts and news about your orders show up here.
          </Text>
        ) : (
          <Stack gap={0} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {items.map((notification) => (
              <NotificationRow
                key={notification.id}
                notification={notification}
                onOpen={() => {
                  // Following a notification's link is reading it.
                  if (notification.readAt === null) read([notification.id]);
                  onNavigate();
                }}
                onMarkRead={() => read([notification.id])}
              />
            ))}
          </Stack>
        )}
        <LoadOlderButton pages={list} centered size="xs" mb="sm">
          Load older
        </LoadOlderButton>
      </ScrollArea.Autosize>
    </Stack>
  );
}

function NotificationRow({ notification, onOpen, onMarkRead }: { notification: Notification; onOpen: () => void; onMarkRead: () => void }) {
  const unread = notification.readAt === null;
  return (
    <Box
      component="li"
      px="md"
      py="xs"
      data-testid="notification-item"
      data-notification-id={notification.id}
      data-kind={notification.kind}
      data-read={String(!unread)}
      style={{ borderTop: '1px solid var(--mantine-color-default-border)', background: unread ? 'var(--mantine-color-indigo-light)' : undefined }}
    >
      <Group justify="space-between" align="start" wrap="nowrap" gap="xs">
        <Stack gap={2} style={{ minWidth: 0 }}>
          {notification.link ? (
            <Anchor component={Link} to={notification.link} onClick={onOpen} fw={unread ? 700 : 500} size="sm" c="inherit">
              {notification.title}
            </Anchor>
          ) : (
            <Text fw={unread ? 700 : 500} size="sm">
              {notification.title}
            </Text>
          )}
          <Text size="sm">{notification.body}</Text>
          <Text size="xs" c="dimmed">
            {when.format(notification.createdAt)}
            {unread ? ' · unread' : ''}
          </Text>
        </Stack>
        {unread && (
          <Button size="compact-xs" variant="light" onClick={onMarkRead} aria-label={`Mark read: ${notification.title}`} style={{ flexShrink: 0 }}>
            Mark read
          </Button>
        )}
      </Group>
    </Box>
  );
}
