import { Badge, Tooltip } from '@mantine/core';
import { useConnectionStatus } from './connectionHooks.js';
import type { ConnectionStatus } from './connectionStore.js';

const LOOK: Record<Exclude<ConnectionStatus, 'idle'>, { color: string; label: string; hint: string }> = {
  connecting: { color: 'gray', label: 'Connecting', hint: 'Opening the live connection' },
  live: { color: 'green', label: 'Live', hint: 'Updates arrive as they happen' },
  reconnecting: { color: 'yellow', label: 'Reconnecting', hint: 'Connection dropped; catching up from the last update' },
  offline: { color: 'red', label: 'Offline', hint: 'No connection; retrying with backoff, nothing will be missed' },
};

export function ConnectionBadge() {
  const status = useConnectionStatus();
  // Nothing on screen streams (the socket is opened on demand), so there is no connection to report.
  if (status === 'idle') return null;
  const look = LOOK[status];
  return (
    <Tooltip label={look.hint}>
      <Badge color={look.color} variant="dot" size="lg" role="status" aria-live="polite" data-testid="connection" data-state={status}>
        {look.label}
      </Badge>
    </Tooltip>
  );
}
