import { Anchor, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import type { Order } from '../../../../shared/domain.js';
import { orderNumber } from '../../../../shared/orderNumber.js';
import { addressLines } from '../../../../shared/payments.js';
import { useShopRole } from '../../../app/useShopRole.js';
import { PaymentBadge } from '../../../components/PaymentBadge.js';
import { QueryBoundary } from '../../../components/QueryBoundary.js';
import { StatusBadge } from '../../../components/StatusBadge.js';
import { StreamNotice } from '../../../components/StreamNotice.js';
import { useOrderDetail } from '../api/useOrderDetail.js';
import { OrderHistory } from './OrderHistory.js';
import { OrderLines } from './OrderLines.js';
import { PaymentCard } from './PaymentCard.js';
import { StatusActions } from './StatusActions.js';

const placedAt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function OrderDetailPage() {
  const { shopId = '', orderId = '' } = useParams();
  return <OrderDetail key={orderId} shopId={shopId} orderId={orderId} />;
}

/** One order for the shop's members: lines, customer, address, payment, its history, and what may be done with it, all live. */
function OrderDetail({ shopId, orderId }: { shopId: string; orderId: string }) {
  const { query, order, history, stream } = useOrderDetail(orderId);
  const { can } = useShopRole(shopId);
  return (
    <Stack>
      <Anchor component={Link} to={`/dashboard/${shopId}`} size="sm">
        ← Back to the dashboard
      </Anchor>
      <StreamNotice stream={stream} />
      <QueryBoundary query={query} label="the order">
        {() =>
          order && (
            <Stack data-testid="order-detail" data-status={order.status} data-payment={order.payment.status}>
              <Group gap="sm" align="baseline">
                <Title order={2}>Order {orderNumber(order.id)}</Title>
                <StatusBadge status={order.status} />
                <PaymentBadge status={order.payment.status} />
              </Group>
              <Text size="sm" c="dimmed">
                Placed {placedAt.format(order.createdAt)}
              </Text>
              <Grid>
                <Grid.Col span={{ base: 12, md: 7 }}>
                  <Stack>
                    <OrderLines order={order} />
                    <OrderHistory entries={history} />
                  </Stack>
                </Grid.Col>
                <Grid.Col span={{ base: 12, md: 5 }}>
                  <Stack>
                    <StatusActions order={order} canRefund={can('refund')} />
                    <CustomerCard order={order} />
                    <PaymentCard order={order} canRefund={can('refund')} />
                  </Stack>
                </Grid.Col>
              </Grid>
            </Stack>
          )
        }
      </QueryBoundary>
    </Stack>
  );
}

function CustomerCard({ order }: { order: Order }) {
  const address = order.shippingAddress;
  return (
    <Paper withBorder p="md" component="section" aria-label="Customer">
      <Title order={3} size="h4" mb="xs">
        Customer
      </Title>
      <Text data-testid="detail-customer">
        {order.customer.name} · <Anchor href={`mailto:${order.customer.email}`}>{order.customer.email}</Anchor>
      </Text>
      <Title order={4} size="h5" mt="sm" mb={4}>
        Ship to
      </Title>
      {address ? (
        <Text size="sm" data-testid="detail-address" style={{ whiteSpace: 'pre-line' }}>
          {addressLines(address).join('\n')}
        </Text>
      ) : (
        <Text size="sm" c="dimmed" data-testid="detail-address">
          No shipping address given.
        </Text>
      )}
      {order.trackingNumber && (
        <Text size="sm" mt="sm" data-testid="detail-tracking">
          Tracking number <strong>{order.trackingNumber}</strong>
        </Text>
      )}
    </Paper>
  );
}
