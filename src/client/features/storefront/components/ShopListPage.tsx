import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { QueryBoundary } from '../../../components/QueryBoundary.js';
import { useShops } from '../api/useStorefront.js';

export function ShopListPage() {
  const shops = useShops();
  return (
    <Stack>
      <Title order={2}>Shops</Title>
      <QueryBoundary query={shops} label="shops">
        {(list) =>
          list.length === 0 ? (
            <Text c="dimmed">No shops are open yet.</Text>
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
              {list.map((shop) => (
                <Card key={shop.id} withBorder component={Link} to={`/shops/${shop.id}`} padding="lg">
                  <Text fw={600}>{shop.name}</Text>
                  <Text size="sm" c="dimmed">
                    Browse products
                  </Text>
                </Card>
              ))}
            </SimpleGrid>
          )
        }
      </QueryBoundary>
    </Stack>
  );
}
