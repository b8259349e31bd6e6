import { Anchor, Button, PasswordInput, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { useRegister } from '../api/useSignIn.js';
import { AuthCard } from './AuthCard.js';

type Role = 'buyer' | 'seller';

export function RegisterPage() {
  const [role, setRole] = useState<Role>('buyer');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [shopName, setShopName] = useState('');
  const register = useRegister();
  const submit = () =>
    register.mutate({ role, name: name.trim(), email: email.trim(), password, shopName: role === 'seller' ? shopName.trim() : undefined });
  return (
    <AuthCard title="Create an account" onSubmit={submit}>
      {register.error && <ErrorAlert error={register.error} />}
      <Stack gap={4}>
        <Text size="sm" fw={500} id="role-label">
          I want to
        </Text>
        <SegmentedControl
          aria-labelledby="role-label"
          value={role}
          onChange={setRole}
          data={[
            { value: 'buyer', label: 'Buy' },
            { value: 'seller', label: 'Sell' },
          ]}
        />
      </Stack>
      <TextInput label="Your name" autoComplete="name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
      <TextInput label="Email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
      <PasswordInput
        label="Password"
        description="At least 8 characters"
        autoComplete="new-password"
        required
        value={password}
        onChange={(e) => setPassword(e.currentTarget.value)}
      />
      {role === 'seller' && (
        <TextInput label="Shop name" required value={shopName} onChange={(e) => setShopName(e.currentTarget.value)} />
      )}
      <Button type="submit" loading={register.isPending} fullWidth>
        Create account
      </Button>
      <Text size="sm">
        Already have an account?{' '}
        <Anchor component={Link} to="/signin">
          Sign in
        </Anchor>
      </Text>
    </AuthCard>
  );
}
