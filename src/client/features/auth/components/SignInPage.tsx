import { Anchor, Button, PasswordInput, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { useSignIn } from '../api/useSignIn.js';
import { AuthCard } from './AuthCard.js';

export function SignInPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [params] = useSearchParams();
  const signIn = useSignIn();
  return (
    <AuthCard title="Sign in" onSubmit={() => signIn.mutate({ email: email.trim(), password })}>
      {signIn.error && <ErrorAlert error={signIn.error} />}
      <TextInput label="Email" type="email" autoComplete="email" required data-autofocus autoFocus value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
      <PasswordInput label="Password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
      <Button type="submit" loading={signIn.isPending} fullWidth>
        Sign in
      </Button>
      <Text size="sm">
        New here?{' '}
        <Anchor component={Link} to={`/register${params.size > 0 ? `?${params.toString()}` : ''}`}>
          Create an account
        </Anchor>
      </Text>
    </AuthCard>
  );
}
