import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { useCurrentUser } from '../../../app/useCurrentUser.js';
import { useShopRole } from '../../../app/useShopRole.js';
import { QueryBoundary } from '../../../components/QueryBoundary.js';
import { useTeam } from '../api/useTeam.js';
import { AddMemberForm } from './AddMemberForm.js';
import { RenameShopForm } from './RenameShopForm.js';
import { TeamTable } from './TeamTable.js';

/** `/dashboard/:shopId/team`: who works in the shop; owners add, change and remove members and rename the shop. */
export function TeamPage() {
  const { shopId = '' } = useParams();
  const { user } = useCurrentUser();
  const { can } = useShopRole(shopId);
  const team = useTeam(shopId);
  const shopName = user?.shops.find((shop) => shop.id === shopId)?.name;
  const owner = can('manageShop');
  return (
    <Stack maw={880}>
      <Group justify="space-between">
        <Title order={2}>Team{shopName ? ` of ${shopName}` : ''}</Title>
        <Button component={Link} to={`/dashboard/${shopId}`} variant="default">
          Back to dashboard
        </Button>
      </Group>
      {!owner && (
        <Text size="sm" c="dimmed">
          Only the shop&apos;s owners change the team.
        </Text>
      )}
      {owner && shopName !== undefined && <RenameShopForm key={shopName} shopId={shopId} name={shopName} />}
      {owner && <AddMemberForm shopId={shopId} />}
      <QueryBoundary query={team} label="team">
        {(members) => <TeamTable shopId={shopId} members={members} canManage={owner} />}
      </QueryBoundary>
    </Stack>
  );
}
