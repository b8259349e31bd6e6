import { Paper, Table, Title } from '@mantine/core';
import type { Order } from '../../../../shared/domain.js';
import { money } from '../../../utils/money.js';

export function OrderLines({ order }: { order: Order }) {
  return (
    <Paper withBorder p="md" component="section" aria-label="Lines">
      <Title order={3} size="h4" mb="xs">
        Lines
      </Title>
      <Table data-testid="detail-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Product</Table.Th>
            <Table.Th ta="right">Quantity</Table.Th>
            <Table.Th ta="right">Price</Table.Th>
            <Table.Th ta="right">Amount</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {order.items.map((item) => (
            <Table.Tr key={item.productId}>
              <Table.Td>{item.productName}</Table.Td>
              <Table.Td ta="right">{item.quantity}</Table.Td>
              <Table.Td ta="right">{money(item.priceCents)}</Table.Td>
              <Table.Td ta="right">{money(item.priceCents * item.quantity)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th colSpan={3}>Total</Table.Th>
            <Table.Th ta="right" data-testid="detail-total">
              {money(order.totalCents)}
            </Table.Th>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Paper>
  );
}
