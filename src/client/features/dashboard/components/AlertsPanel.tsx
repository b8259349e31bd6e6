import { Badge, Button, Divider, Group, Paper, ScrollArea, Stack, Text, Title } from '@mantine/core';
import type { Product } from '../../../../shared/domain.js';
import type { LiveAlert } from '../api/liveState.js';
import { LEVEL_LOOK, stockLevel, type StockLevel } from './StockBadge.js';

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

interface Props {
  /** The shop's products with live stock, or undefined while they load. */
  products: readonly Product[] | undefined;
  alerts: readonly LiveAlert[];
  onRestock: (productId: string) => void;
  /** Whether the viewer may add products (not staff): an empty shop's card then says how to start. */
  canAddProducts: boolean;
}

/**
 * What needs the seller now (every product at or below its threshold, from live stock, so it is
 * right the moment the page opens) above what happened since the page opened (the alert events).
 */
export function AlertsPanel({ products, alerts, onRestock, canAddProducts }: Props) {
  // Archived products are not sold: nothing to restock.
  const onSale = (products ?? []).filter((product) => product.archivedAt === null);
  const attention = onSale
    .filter((product) => stockLevel(product) !== 'ok')
    .sort((a, b) => a.stock - b.stock || a.name.localeCompare(b.name));
  return (
    <Paper withBorder p="md" h="100%">
      <Title order={3} mb="sm">
        Alerts
      </Title>
      <Text size="sm" fw={500} mb={4}>
        Needs restocking
      </Text>
      <ScrollArea.Autosize mah={200} type="auto">
        <Stack gap={6} data-testid="needs-restocking">
          {/* "Every product is above its threshold" would be vacuously true of a shop with none. */}
          {products && onSale.length === 0 && (
            <Text size="sm" c="dimmed" data-testid="no-products">
              {canAddProducts ? 'No products yet — add your first product under Inventory.' : 'No products on sale yet.'}
            </Text>
          )}
          {products && onSale.length > 0 && attention.length === 0 && (
            <Text size="sm" c="dimmed">
              Every product is above its low-stock threshold.
            </Text>
          )}
          {attention.map((product) => (
            <Group key={product.id} justify="space-between" wrap="nowrap" gap="xs">
              {/* minWidth 0 lets a long name wrap instead of pushing the button out of a phone's screen. */}
              <Group gap="xs" wrap="nowrap" miw={0}>
                <StockLevelBadge level={stockLevel(product)} />
                <Text size="sm">
                  {product.name}
                  {product.stock > 0 && ` (${product.stock} left)`}
                </Text>
              </Group>
              <Button size="compact-xs" variant="light" style={{ flexShrink: 0 }} onClick={() => onRestock(product.id)} aria-label={`Restock ${product.name}`}>
                Restock
              </Button>
            </Group>
          ))}
        </Stack>
      </ScrollArea.Autosize>
      <Divider my="sm" />
      <Text size="sm" fw={500} mb={4}>
        Since you opened the dashboard
      </Text>
      <ScrollArea.Autosize mah={240} type="auto">
        <Stack gap="xs" data-testid="alerts" aria-live="polite">
          {alerts.length === 0 && (
            <Text size="sm" c="dimmed">
              No stock has crossed a threshold yet.
            </Text>
          )}
          {alerts.map((alert) => (
            <Group key={alert.eventId} justify="space-between" wrap="nowrap" gap="xs">
              <Group gap="xs" wrap="nowrap">
                <StockLevelBadge level={alert.kind === 'out_of_stock' ? 'out' : alert.severity === 'critical' ? 'critical' : 'low'} />
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

function StockLevelBadge({ level }: { level: StockLevel }) {
  const look = LEVEL_LOOK[level];
  return (
    <Badge color={look.color} miw={92} data-level={level}>
      {level === 'out' ? 'Sold out' : look.label}
    </Badge>
  );
}
