import { Anchor, Box, Group, Paper, ScrollArea, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Order } from '../../../../shared/domain.js';
import { orderNumber } from '../../../../shared/orderNumber.js';
import { money } from '../../../utils/money.js';
import { LoadOlderButton, type OlderPages } from '../../../components/LoadOlderButton.js';
import { StatusBadge } from '../../../components/StatusBadge.js';
import { PaymentBadge } from '../../../components/PaymentBadge.js';
import { OrderActions } from './OrderActions.js';
import { rowKeys } from './rowKeys.js';

interface Props {
  shopId: string;
  orders: readonly Order[];
  /** Older orders, a cursor page at a time. */
  pages: OlderPages;
  /** The filter bar above the list, when there is one. */
  filterBar?: ReactNode;
  /** Filters are on: an empty list says none match, not that none exist. */
  filtered?: boolean;
}

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const HINT_ID = 'orders-keyboard-hint';

function summary(order: Order): string {
  return order.items.map((item) => `${item.quantity}× ${item.productName}`).join(', ');
}

function OrderLink({ shopId, order }: { shopId: string; order: Order }) {
  return (
    <Anchor component={Link} to={`/dashboard/${shopId}/orders/${order.id}`} data-testid="order-number" data-row-link aria-describedby={HINT_ID} ff="monospace">
      {orderNumber(order.id)}
    </Anchor>
  );
}

export function OrdersTable({ shopId, orders, pages, filterBar, filtered = false }: Props) {
  // Phones get one card per order: a seven-column table would put total, status and actions off screen.
  const narrow = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const empty = filtered ? 'No orders match these filters.' : 'No orders yet. They will show up here the moment they are placed.';
  return (
    <Paper withBorder p={{ base: 'xs', sm: 'md' }}>
      <Group justify="space-between" mb="sm">
        <Title order={3}>Orders</Title>
        <Text size="sm" c="dimmed">
          New orders appear at the top
        </Text>
      </Group>
      {filterBar && <Box mb="sm">{filterBar}</Box>}
      <VisuallyHidden id={HINT_ID}>Right arrow reaches the order&apos;s actions; up and down arrows move between orders.</VisuallyHidden>
      {narrow ? <OrderCards shopId={shopId} orders={orders} empty={empty} /> : <OrderRows shopId={shopId} orders={orders} empty={empty} />}
      <LoadOlderButton pages={pages} mt="sm">
        Load older orders
      </LoadOlderButton>
    </Paper>
  );
}

function OrderRows({ shopId, orders, empty }: { shopId: string; orders: readonly Order[]; empty: string }) {
  return (
    <ScrollArea.Autosize mah={480} type="auto">
      <Table striped highlightOnHover stickyHeader miw={680} data-testid="orders-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Order</Table.Th>
            <Table.Th>Items</Table.Th>
            <Table.Th ta="right">Total</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Payment</Table.Th>
            <Table.Th>Move to</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {orders.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={6}>
                <Text c="dimmed" ta="center" py="md" data-testid="orders-empty">
                  {empty}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {orders.map((order) => (
            <Table.Tr key={order.id} data-order-id={order.id} data-testid="order-row" onKeyDown={rowKeys}>
              <Table.Td>
                <OrderLink shopId={shopId} order={order} />
                <Text size="xs" c="dimmed">
                  {time.format(order.createdAt)}
                </Text>
              </Table.Td>
              <Table.Td>{summary(order)}</Table.Td>
              <Table.Td ta="right" data-testid="order-total">
                {money(order.totalCents)}
              </Table.Td>
              <Table.Td miw={124}>
                <StatusBadge status={order.status} />
              </Table.Td>
              <Table.Td miw={136}>
                <PaymentBadge status={order.payment.status} />
              </Table.Td>
              <Table.Td>
                <OrderActions orderId={order.id} status={order.status} paymentStatus={order.payment.status} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}

function OrderCards({ shopId, orders, empty }: { shopId: string; orders: readonly Order[]; empty: string }) {
  if (orders.length === 0) {
    return (
      <Text c="dimmed" ta="center" py="md" data-testid="orders-empty">
        {empty}
      </Text>
    );
  }
  return (
    <Stack gap="xs" data-testid="orders-cards" role="list" aria-label="Orders">
      {orders.map((order) => (
        <Paper key={order.id} withBorder p="xs" data-order-id={order.id} data-testid="order-row" onKeyDown={rowKeys} role="listitem">
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <OrderLink shopId={shopId} order={order} />
            <Text size="xs" c="dimmed">
              {time.format(order.createdAt)}
            </Text>
          </Group>
          <Text size="sm" lineClamp={2}>
            {summary(order)}
          </Text>
          <Group justify="space-between" wrap="nowrap" gap="xs" mt={4}>
            <Text fw={600} data-testid="order-total">
              {money(order.totalCents)}
            </Text>
            <Group gap={4} wrap="wrap" justify="flex-end">
              <StatusBadge status={order.status} />
              <PaymentBadge status={order.payment.status} />
            </Group>
          </Group>
          <Group justify="flex-end" mt={6}>
            <OrderActions orderId={order.id} status={order.status} paymentStatus={order.payment.status} />
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
