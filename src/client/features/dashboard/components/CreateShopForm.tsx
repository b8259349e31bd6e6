import { Button, Group, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { useCreateShop } from '../api/useSellerShops.js';

export function CreateShopForm({ onDone }: { onDone?: () => void }) {
  const [name, setName] = useState('');
  const create = useCreateShop();
  const navigate = useNavigate();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim() },
      {
        onSuccess: (shop: { id: string }) => {
          onDone?.();
          void navigate(`/dashboard/${shop.id}`);
        },
      },
    );
  };
  return (
    <form onSubmit={submit} aria-label="Create a shop">
      {create.error && <ErrorAlert error={create.error} />}
      <Group align="end" mt="sm">
        <TextInput label="Shop name" required value={name} onChange={(e) => setName(e.currentTarget.value)} style={{ flex: 1 }} />
        <Button type="submit" loading={create.isPending}>
          Create shop
        </Button>
      </Group>
    </form>
  );
}
