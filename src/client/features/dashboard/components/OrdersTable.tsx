import { Anchor, Button, Paper, ScrollArea, Table, Text, Title, Group } from '@mantine/core';
import { Link } from 'react-router';
import type { Order } from '../../../../shared/domain.js';
import { orderNumber } from '../../../../shared/orderNumber.js';
import { money } from '../../../utils/money.js';
import { StatusBadge } from '../../../components/StatusBadge.js';
import { PaymentBadge } from '../../../components/PaymentBadge.js';
import { OrderActions } from './OrderActions.js';

interface Props {
  shopId: string;
  orders: readonly Order[];
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
}

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function summary(order: Order): string {
  return order.items.map((item) => `${item.quantity}× ${item.productName}`).join(', ');
}

export function OrdersTable({ shopId, orders, hasMore, loadingMore, onLoadMore }: Props) {
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={3}>Orders</Title>
        <Text size="sm" c="dimmed">
          New orders appear at the top
        </Text>
      </Group>
      <ScrollArea.Autosize mah={480} type="auto">
        <Table striped highlightOnHover stickyHeader miw={720} data-testid="orders-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Time</Table.Th>
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
                <Table.Td colSpan={7}>
                  <Text c="dimmed" ta="center" py="md">
                    No orders yet. They will show up here the moment they are placed.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {orders.map((order) => (
              <Table.Tr key={order.id} data-order-id={order.id} data-testid="order-row">
                <Table.Td>{time.format(order.createdAt)}</Table.Td>
                <Table.Td ff="monospace">
                  <Anchor component={Link} to={`/dashboard/${shopId}/orders/${order.id}`} data-testid="order-number">
                    {orderNumber(order.id)}
                  </Anchor>
                </Table.Td>
                <Table.Td>{summary(order)}</Table.Td>
                <Table.Td ta="right">{money(order.totalCents)}</Table.Td>
                <Table.Td>
                  <StatusBadge status={order.status} />
                </Table.Td>
                <Table.Td>
                  <PaymentBadge status={order.payment.status} />
                </Table.Td>
                <Table.Td>
                  <OrderActions orderId={order.id} status={order.status} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {hasMore && (
        <Button variant="subtle" mt="sm" loading={loadingMore} onClick={onLoadMore}>
          Load older orders
        </Button>
      )}
    </Paper>
  );
}
