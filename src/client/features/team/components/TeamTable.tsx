import { Box, Button, Group, Modal, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { ShopRole, TeamMember } from '../../../../shared/domain.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { ListTable } from '../../../components/ListTable.js';
import { useRemoveMember, useSetRole } from '../api/useTeam.js';

const ROLE_LABEL: Record<ShopRole, string> = { owner: 'Owner', manager: 'Manager', staff: 'Staff' };
const ROLES = (Object.keys(ROLE_LABEL) as ShopRole[]).map((value) => ({ value, label: ROLE_LABEL[value] }));

function OnlineDot({ online }: { online: boolean }) {
  return (
    <Group gap={6} wrap="nowrap" data-testid="member-online" data-online={online}>
      <Box w={10} h={10} style={{ borderRadius: '50%', background: online ? 'var(--mantine-color-green-7)' : 'var(--mantine-color-gray-6)' }} aria-hidden />
      <Text size="sm">{online ? 'Online' : 'Offline'}</Text>
    </Group>
  );
}

export function TeamTable({ shopId, members, canManage }: { shopId: string; members: readonly TeamMember[]; canManage: boolean }) {
  const setRole = useSetRole(shopId);
  const [removing, setRemoving] = useState<TeamMember | null>(null);
  return (
    <Paper withBorder p="md">
      <Title order={3} mb="sm">
        Members
      </Title>
      <ListTable columns={[{ label: 'Name' }, { label: 'Email' }, { label: 'Role' }, { label: 'Now' }, canManage && { label: null }]} miw={560} data-testid="team-table">
        <Table.Tbody>
          {members.map((member) => (
            <Table.Tr key={member.userId} data-testid="member-row" data-email={member.email}>
              <Table.Td>{member.name}</Table.Td>
              <Table.Td>{member.email}</Table.Td>
              <Table.Td>
                {canManage ? (
                  <Select
                    aria-label={`Role of ${member.email}`}
                    data={ROLES}
                    value={member.role}
                    onChange={(role) => role && role !== member.role && setRole.mutate({ shopId, userId: member.userId, role: role })}
                    allowDeselect={false}
                    disabled={setRole.isPending}
                    w={130}
                  />
                ) : (
                  ROLE_LABEL[member.role]
                )}
              </Table.Td>
              <Table.Td>
                <OnlineDot online={member.online} />
              </Table.Td>
              {canManage && (
                <Table.Td>
                  <Button size="compact-xs" variant="subtle" color="red" onClick={() => setRemoving(member)} aria-label={`Remove ${member.email}`}>
                    Remove
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </ListTable>
      <Modal opened={removing !== null} onClose={() => setRemoving(null)} title="Remove from the team">
        {removing && <ConfirmRemove shopId={shopId} member={removing} onDone={() => setRemoving(null)} />}
      </Modal>
    </Paper>
  );
}

function ConfirmRemove({ shopId, member, onDone }: { shopId: string; member: TeamMember; onDone: () => void }) {
  const remove = useRemoveMember(shopId);
  return (
    <Stack>
      {remove.error && <ErrorAlert error={remove.error} />}
      <Text size="sm">
        Remove <strong>{member.name}</strong> ({member.email})? Their open dashboards of this shop lose access at once.
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button color="red" loading={remove.isPending} onClick={() => remove.mutate({ shopId, userId: member.userId }, { onSuccess: onDone })}>
          Remove
        </Button>
      </Group>
    </Stack>
  );
}
