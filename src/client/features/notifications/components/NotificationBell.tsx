import { ActionIcon, Indicator, Popover } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useArrivalToasts } from '../api/useArrivalToasts.js';
import { useNotifications } from '../api/useNotifications.js';
import { NotificationCentre } from './NotificationCentre.js';

function BellIcon() {
  return (
    <svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

/** The header's bell: how many notifications are unread, and the centre that lists them. Signed-in people only. */
export function NotificationBell() {
  const toast = useArrivalToasts();
  const notifications = useNotifications(toast);
  const [opened, { toggle, close }] = useDisclosure(false);
  const { unreadCount } = notifications;
  return (
    // The indicator wraps the popover, not the other way round: Popover.Target gives its child the popup's aria attributes, and that must be the button.
    <Indicator label={unreadCount > 99 ? '99+' : unreadCount} disabled={unreadCount === 0} size={18} offset={6} color="red.8">
      <Popover opened={opened} onChange={(open) => (open ? undefined : close())} position="bottom-end" width="min(380px, calc(100vw - 16px))" shadow="md" withinPortal trapFocus>
        <Popover.Target>
          <ActionIcon
            variant="subtle"
            size="lg"
            onClick={toggle}
            aria-label={unreadCount === 0 ? 'Notifications, none unread' : `Notifications, ${unreadCount} unread`}
            data-testid="notification-bell"
            data-unread={unreadCount}
          >
            <BellIcon />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p={0}>
          <NotificationCentre notifications={notifications} onNavigate={close} />
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}
