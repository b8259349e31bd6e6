import { Button, Group, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useCurrentUser } from '../app/useCurrentUser.js';

/** The title of a shop's back-office screen (stock, purchasing) with the shop's name, its actions, and the way back. */
export function ScreenHeader({ shopId, title, back, children }: { shopId: string; title: string; back?: { to: string; label: string }; children?: ReactNode }) {
  const { user } = useCurrentUser();
  const shopName = user?.shops.find((shop) => shop.id === shopId)?.name;
  const link = back ?? { to: `/dashboard/${shopId}`, label: 'Back to dashboard' };
  return (
    <Group justify="space-between" align="end">
      <Title order={2}>
        {title}
        {shopName ? ` · ${shopName}` : ''}
      </Title>
      <Group gap="xs">
        {children}
        <Button component={Link} to={link.to} variant="default">
          {link.label}
        </Button>
      </Group>
    </Group>
  );
}
