import { Badge, Button, Card, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { StreamNotice } from '../../../components/StreamNotice.js';
import type { Activity } from '../api/liveViewState.js';
import { mostViewed } from '../api/liveViewState.js';
import { useShopLiveView } from '../api/useShopLiveView.js';

export function LiveViewPage() {
  const { shopId = '' } = useParams();
  return <LiveView key={shopId} shopId={shopId} />;
}

const ACTIVITY_WORDS: Record<Activity['kind'], string> = {
  viewing_product: 'Someone is looking at',
  added_to_cart: 'Someone added to their cart',
  checkout_started: 'Someone started checking out',
};

function LiveView({ shopId }: { shopId: string }) {
  const { state, stream, nameOf } = useShopLiveView(shopId);
  const top = mostViewed(state.viewersByProduct);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Live view</Title>
        <Button component={Link} to={`/dashboard/${shopId}`} variant="default">
          Back to the dashboard
        </Button>
      </Group>
      <StreamNotice stream={stream} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Card withBorder>
          <Text c="dimmed" size="sm">
            Visitors now
          </Text>
          <Text fz={40} fw={700} data-testid="live-visitors" data-ready={state.ready} aria-live="polite">
            {state.ready ? state.visitors : '…'}
          </Text>
        </Card>
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">
            Team online
          </Title>
          <List listStyleType="none" spacing={4}>
            {state.team.map((member) => (
              <List.Item key={member.userId}>
                <Group gap="xs">
                  <Badge color={member.online ? 'green' : 'gray'} variant="dot">
                    {member.online ? 'Online' : 'Offline'}
                  </Badge>
                  <Text size="sm">{member.name}</Text>
                </Group>
              </List.Item>
            ))}
          </List>
        </Card>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">
            Most viewed right now
          </Title>
          {top.length === 0 ? (
            <Text c="dimmed" size="sm">
              Nobody is looking at a product right now.
            </Text>
          ) : (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Product</Table.Th>
                  <Table.Th ta="right">Viewers</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {top.map((row) => (
                  <Table.Tr key={row.productId}>
                    <Table.Td>{nameOf(row.productId)}</Table.Td>
                    <Table.Td ta="right">{row.viewers}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">
            Activity
          </Title>
          {state.activity.length === 0 ? (
            <Text c="dimmed" size="sm">
              Nothing yet: what visitors do shows up here as it happens.
            </Text>
          ) : (
            <List spacing={4} size="sm" data-testid="live-activity">
              {state.activity.map((item, i) => (
                <List.Item key={`${item.at.getTime()}-${i}`}>
                  {ACTIVITY_WORDS[item.kind]}
                  {item.productId !== null && `: ${nameOf(item.productId)}`} · {item.at.toLocaleTimeString()}
                </List.Item>
              ))}
            </List>
          )}
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
