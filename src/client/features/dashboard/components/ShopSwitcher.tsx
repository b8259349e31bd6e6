import { Button, Group, Modal, Select, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, useNavigate } from 'react-router';
import { describeError } from '../../../utils/describeError.js';
import { useSellerShops } from '../api/useSellerShops.js';
import { CreateShopForm } from './CreateShopForm.js';

export function ShopSwitcher({ shopId, canManageTeam }: { shopId: string; canManageTeam: boolean }) {
  const { shops, query } = useSellerShops();
  const navigate = useNavigate();
  const [creating, { open, close }] = useDisclosure(false);
  const current = shops?.find((shop) => shop.id === shopId);
  return (
    <Group justify="space-between" wrap="wrap">
      <Title order={2}>{current?.name ?? 'Dashboard'}</Title>
      {query.error && (
        <Text size="sm" c="red" role="alert">
          {describeError(query.error).title}: shop names could not be loaded.
        </Text>
      )}
      <Group gap="xs">
        {shops && shops.length > 1 && (
          <Select
            aria-label="Switch shop"
            data={shops.map((shop) => ({ value: shop.id, label: shop.name }))}
            value={shopId}
            onChange={(value) => value && void navigate(`/dashboard/${value}`)}
            allowDeselect={false}
            w={220}
          />
        )}
        {canManageTeam && (
          <Button component={Link} to={`/dashboard/${shopId}/team`} variant="default">
            Team
          </Button>
        )}
        <Button component={Link} to={`/dashboard/${shopId}/live`} variant="light">
          Live view
        </Button>
        <Button variant="default" onClick={open}>
          New shop
        </Button>
      </Group>
      <Modal opened={creating} onClose={close} title="Open another shop">
        <CreateShopForm onDone={close} />
      </Modal>
    </Group>
  );
}
