import { Button, Group, NumberInput, Paper, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { toCents } from '../../../utils/money.js';
import { useCreateService } from '../api/useServices.js';

/** Owners and managers add a service: its name, how long it takes (the slot grid) and its price. */
export function CreateServiceForm({ shopId }: { shopId: string }) {
  const [name, setName] = useState('');
  const [minutes, setMinutes] = useState<number | string>(60);
  const [price, setPrice] = useState<number | string>('');
  const create = useCreateService(shopId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { shopId, name: name.trim(), durationMinutes: Number(minutes), priceCents: toCents(price) },
      {
        onSuccess: () => {
          setName('');
          setPrice('');
        },
      },
    );
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} aria-label="Add a service">
        <Stack>
          <Title order={4}>Add a service</Title>
          {create.error && <ErrorAlert error={create.error} />}
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <Group grow>
            <NumberInput
              label="Duration (minutes)"
              description="5 to 1440, in steps of 5; slots start at midnight UTC plus multiples of it"
              required
              min={5}
              max={1440}
              step={5}
              allowDecimal={false}
              value={minutes}
              onChange={setMinutes}
            />
            <NumberInput label="Price" required min={0} decimalScale={2} fixedDecimalScale value={price} onChange={setPrice} />
          </Group>
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              Add service
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
