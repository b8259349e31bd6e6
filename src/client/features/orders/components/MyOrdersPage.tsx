import { Button, Stack, Text, Title, Anchor } from '@mantine/core';
import { Link } from 'react-router';
import { QueryBoundary } from '../../../components/QueryBoundary.js';
import { useMyOrders } from '../api/useMyOrders.js';
import { OrderCard } from './OrderCard.js';

export function MyOrdersPage() {
  const orders = useMyOrders();
  return (
    <Stack>
      <Title order={2}>My orders</Title>
      <QueryBoundary query={orders} label="your orders">
        {(data) => {
          const list = data.pages.flatMap((page) => page.items);
          if (list.length === 0) {
            return (
              <Text c="dimmed">
                No orders yet.{' '}
                <Anchor component={Link} to="/shops">
                  Browse the shops
                </Anchor>
                .
              </Text>
            );
          }
          return (
            <Stack>
              {list.map((order) => (
                <OrderCard key={order.id} order={order} />
              ))}
              {orders.hasNextPage && (
                <Button variant="subtle" loading={orders.isFetchingNextPage} onClick={() => void orders.fetchNextPage()}>
                  Load older orders
                </Button>
              )}
            </Stack>
          );
        }}
      </QueryBoundary>
    </Stack>
  );
}
