import { Badge, Group, Paper, ScrollArea, Stack, Text, Title } from '@mantine/core';
import type { LiveAlert } from '../api/liveState.js';

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export function AlertsPanel({ alerts }: { alerts: readonly LiveAlert[] }) {
  return (
    <Paper withBorder p="md" h="100%">
      <Title order={3} mb="sm">
        Alerts
      </Title>
      <ScrollArea.Autosize mah={320} type="auto">
        <Stack gap="xs" data-testid="alerts" aria-live="polite">
          {alerts.length === 0 && (
            <Text size="sm" c="dimmed">
              No stock alerts since you opened the dashboard.
            </Text>
          )}
          {alerts.map((alert) => (
            <Group key={alert.eventId} justify="space-between" wrap="nowrap" gap="xs">
              <Group gap="xs" wrap="nowrap">
                <Badge color={alert.kind === 'out_of_stock' ? 'red' : 'yellow'} miw={92}>
                  {alert.kind === 'out_of_stock' ? 'Sold out' : 'Low stock'}
                </Badge>
                <Text size="sm">
                  {alert.productName}
                  {alert.kind === 'low_stock' && ` (${alert.stock} left)`}
                </Text>
              </Group>
              <Text size="xs" c="dimmed">
                {time.format(alert.receivedAt)}
              </Text>
            </Group>
          ))}
        </Stack>
      </ScrollArea.Autosize>
    </Paper>
  );
}
