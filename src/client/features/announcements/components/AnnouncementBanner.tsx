import { Alert, Stack, Text } from '@mantine/core';
import type { Severity } from '../../../../shared/announcements.js';
import { useAnnouncements } from '../api/useAnnouncements.js';

const LOOK: Record<Severity, { color: string; label: string }> = {
  info: { color: 'blue', label: 'Announcement' },
  warning: { color: 'yellow', label: 'Warning' },
  maintenance: { color: 'orange', label: 'Maintenance' },
};

/** The platform's announcements, for everyone on every page: live, dismissible, gone once they end. */
export function AnnouncementBanner() {
  const { shown, dismiss } = useAnnouncements();
  if (shown.length === 0) return null;
  return (
    <Stack gap="xs" mb="md" data-testid="announcements">
      {shown.map((a) => (
        <Alert
          key={a.id}
          color={LOOK[a.severity].color}
          title={`${LOOK[a.severity].label}: ${a.title}`}
          withCloseButton
          closeButtonLabel={`Dismiss: ${a.title}`}
          onClose={() => dismiss(a.id)}
          role="status"
          data-testid="announcement"
          data-severity={a.severity}
        >
          <Text size="sm">{a.body}</Text>
          {a.endsAt && (
            <Text size="xs" c="dimmed" mt={4}>
              Until {a.endsAt.toLocaleString()}
            </Text>
          )}
        </Alert>
      ))}
    </Stack>
  );
}
