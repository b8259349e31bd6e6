import { Alert, Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { User } from '../../../../shared/domain.js';
import { COUNTRY_CODES } from '../../../../shared/countries.js';
import type { Address } from '../../../../shared/payments.js';
import { useCurrentUser } from '../../../app/useCurrentUser.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { useUpdateAccount } from '../api/useUpdateAccount.js';

const EMPTY: Address = { name: '', line1: '', line2: '', city: '', postalCode: '', country: '' };

/** Name and the address orders ship to (CONTRACT account.update). Orders already placed keep theirs. */
export function AccountPage() {
  const { user } = useCurrentUser();
  // Signed-in only (routes.tsx), and auth.me is loaded by then.
  return user ? <AccountForm key={user.id} user={user} /> : null;
}

function AccountForm({ user }: { user: User }) {
  const update = useUpdateAccount();
  const [name, setName] = useState(user.name);
  const [address, setAddress] = useState<Address>(user.shippingAddress ?? EMPTY);
  const countries = useCountryOptions();
  const field = (key: keyof Address) => ({
    value: address[key] ?? '',
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
      const value = e.currentTarget.value;
      setAddress((current) => ({ ...current, [key]: value }));
    },
  });
  const hasAddress = Object.entries(address).some(([key, value]) => key !== 'country' && typeof value === 'string' && value.trim() !== '');
  const save = () => {
    update.reset();
    update.mutate({ name, shippingAddress: hasAddress ? { ...address, line2: address.line2?.trim() ? address.line2 : undefined } : null });
  };
  return (
    <Stack maw={640}>
      <Title order={2}>Your account</Title>
      <Paper
        withBorder
        p="md"
        component="form"
        onSubmit={(e: React.FormEvent) => {
          e.preventDefault();
          save();
        }}
      >
        <Stack>
          <TextInput label="Your name" autoComplete="name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <Text size="sm" c="dimmed">
            Email: {user.email}
          </Text>
          <Title order={3} size="h4">
            Shipping address
          </Title>
          <Text size="sm" c="dimmed">
            Your orders ship here unless you give another at checkout. Leave it all empty to keep no address.
          </Text>
          <TextInput label="Recipient" autoComplete="shipping name" {...field('name')} />
          <TextInput label="Address line 1" autoComplete="shipping address-line1" {...field('line1')} />
          <TextInput label="Address line 2" autoComplete="shipping address-line2" {...field('line2')} />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput label="Postal code" autoComplete="shipping postal-code" {...field('postalCode')} />
            <TextInput label="City" autoComplete="shipping address-level2" {...field('city')} />
          </SimpleGrid>
          <Select
            label="Country"
            searchable
            data={countries}
            value={address.country || null}
            onChange={(code) => setAddress((current) => ({ ...current, country: code ?? '' }))}
            autoComplete="shipping country"
          />
          {update.error && <ErrorAlert error={update.error} />}
          {update.isSuccess && (
            <Alert color="green" role="status" data-testid="account-saved">
              Saved.
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={update.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}

/** Every ISO 3166-1 alpha-2 code, named in the browser's language. */
function useCountryOptions() {
  return useMemo(() => {
    const names = new Intl.DisplayNames([navigator.language, 'en'], { type: 'region' });
    return COUNTRY_CODES.map((code) => ({ value: code, label: `${names.of(code) ?? code} (${code})` })).sort((a, b) => a.label.localeCompare(b.label));
  }, []);
}
