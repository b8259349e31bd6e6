import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { useCurrentUser } from './useCurrentUser.js';
import type { Role } from '../../shared/domain.js';

/** Sends signed-out visitors to sign in (and back here after), and the wrong role to its own home (`any`: every signed-in role). */
export function RequireRole({ role, children }: { role: Role | 'any'; children: ReactNode }) {
  const { token, user, query } = useCurrentUser();
  const location = useLocation();
  if (!token) return <Navigate to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (!user) {
    return (
      <Center p="xl">
        <Loader aria-label="Loading your account" />
      </Center>
    );
  }
  if (role !== 'any' && user.role !== role) return <Navigate to={homeFor(user.role)} replace />;
  return <>{children}</>;
}

export function homeFor(role: Role): string {
  if (role === 'admin') return '/admin';
  return role === 'seller' ? '/dashboard' : '/shops';
}
