import { Center, Loader } from '@mantine/core';
import { Navigate } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { homeFor } from './RequireRole.js';
import { useCurrentUser } from './useCurrentUser.js';

/** `/`: sellers land on their dashboard, buyers on the storefront, everyone else on sign-in. */
export function HomeRedirect() {
  const { token, user, query } = useCurrentUser();
  if (!token) return <Navigate to="/signin" replace />;
  if (user) return <Navigate to={homeFor(user.role)} replace />;
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Center p="xl">
      <Loader aria-label="Loading your account" />
    </Center>
  );
}
