import { Paper, Stack, Text, Title } from '@mantine/core';
import { Navigate } from 'react-router';
import { useCurrentUser } from '../../../app/useCurrentUser.js';
import { CreateShopForm } from './CreateShopForm.js';

/** `/dashboard`: straight to the seller's first shop, or an invitation to open one. */
export function DashboardHome() {
  const { user } = useCurrentUser();
  const first = user?.shopIds[0];
  if (first) return <Navigate to={`/dashboard/${first}`} replace />;
  return (
    <Stack maw={520}>
      <Title order={2}>Open your first shop</Title>
      <Paper withBorder p="md">
        <Text size="sm">You don't run a shop yet. Give it a name to start selling.</Text>
        <CreateShopForm />
      </Paper>
    </Stack>
  );
}
