import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { LoadOlderButton } from '../../../components/LoadOlderButton.js';
import { QueryBoundary } from '../../../components/QueryBoundary.js';
import { StreamNotice } from '../../../components/StreamNotice.js';
import { useMyOrders } from '../api/useMyOrders.js';
import { OrderCard } from './OrderCard.js';

export function MyOrdersPage() {
  const { orders, rows, stream } = useMyOrders();
  return (
    <Stack>
      <Title order={2}>My orders</Title>
      <StreamNotice stream={stream} />
      <QueryBoundary query={orders} label="your orders">
        {() => {
          if (rows.length === 0) {
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
              {rows.map(({ order, status, payment, trackingNumber }) => (
                <OrderCard key={order.id} order={order} status={status} payment={payment} trackingNumber={trackingNumber} />
              ))}
              <LoadOlderButton pages={orders}>Load older orders</LoadOlderButton>
            </Stack>
          );
        }}
      </QueryBoundary>
    </Stack>
  );
}
