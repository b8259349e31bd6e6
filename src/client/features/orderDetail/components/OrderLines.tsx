import { Paper, Table, Title } from '@mantine/core';
import type { Order } from '../../../../shared/domain.js';
import { ListTable, type ListColumn } from '../../../components/ListTable.js';
import { money } from '../../../utils/money.js';

const COLUMNS: readonly ListColumn[] = [{ label: 'Product' }, { label: 'Quantity', numeric: true }, { label: 'Price', numeric: true }, { label: 'Amount', numeric: true }];

export function OrderLines({ order }: { order: Order }) {
  return (
    <Paper withBorder p="md" component="section" aria-label="Lines">
      <Title order={3} size="h4" mb="xs">
        Lines
      </Title>
      <ListTable columns={COLUMNS} data-testid="detail-lines">
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
      </ListTable>
    </Paper>
  );
}
