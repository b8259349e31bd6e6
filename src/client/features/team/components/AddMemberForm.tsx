import { Button, Group, Paper, Select, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { useAddMember } from '../api/useTeam.js';

const ROLES = [
  { value: 'staff', label: 'Staff' },
  { value: 'manager', label: 'Manager' },
];

export function AddMemberForm({ shopId }: { shopId: string }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'manager' | 'staff'>('staff');
  const add = useAddMember(shopId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ shopId, email: email.trim(), role }, { onSuccess: () => setEmail('') });
  };
  return (
    <Paper withBorder p="md">
      <Title order={3} mb="xs">
        Add a member
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        They need a seller account already. Staff see orders and stock and move them; managers also add and edit products and see costs and profit.
      </Text>
      <form onSubmit={submit} aria-label="Add a team member">
        {add.error && <ErrorAlert error={add.error} />}
        <Group align="end" mt="xs">
          <TextInput label="Email" type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} style={{ flex: 1, minWidth: 220 }} />
          <Select label="Role" data={ROLES} value={role} onChange={(value) => value && setRole(value as 'manager' | 'staff')} allowDeselect={false} w={140} />
          <Button type="submit" loading={add.isPending}>
            Add
          </Button>
        </Group>
      </form>
    </Paper>
  );
}
