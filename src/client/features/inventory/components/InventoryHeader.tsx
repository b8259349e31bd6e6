import { Button, Group, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useCurrentUser } from '../../../app/useCurrentUser.js';

export function InventoryHeader({ shopId, title }: { shopId: string; title: string }) {
  const { user } = useCurrentUser();
  const shopName = user?.shops.find((shop) => shop.id === shopId)?.name;
  return (
    <Group justify="space-between" align="end">
      <Title order={2}>
        {title}
        {shopName ? ` · ${shopName}` : ''}
      </Title>
      <Button component={Link} to={`/dashboard/${shopId}`} variant="default">
        Back to dashboard
      </Button>
    </Group>
  );
}
