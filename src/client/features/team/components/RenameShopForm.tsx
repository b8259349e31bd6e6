import { Button, Group, Paper, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { useRenameShop } from '../api/useTeam.js';

export function RenameShopForm({ shopId, name }: { shopId: string; name: string }) {
  const [draft, setDraft] = useState(name);
  const rename = useRenameShop();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    rename.mutate({ shopId, name: draft.trim() });
  };
  return (
    <Paper withBorder p="md">
      <Title order={3} mb="xs">
        Shop name
      </Title>
      <form onSubmit={submit} aria-label="Rename the shop">
        {rename.error && <ErrorAlert error={rename.error} />}
        <Group align="end" mt="xs">
          <TextInput label="Name" required value={draft} onChange={(e) => setDraft(e.currentTarget.value)} style={{ flex: 1 }} />
          <Button type="submit" variant="default" loading={rename.isPending} disabled={draft.trim() === name}>
            Rename
          </Button>
        </Group>
      </form>
    </Paper>
  );
}
