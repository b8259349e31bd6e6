import { Anchor, AppShell, Burger, Button, Group, NavLink, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useClientRuntime } from './ClientRuntime.js';
import { ConnectionBadge } from './ConnectionBadge.js';
import { NotificationBell } from '../features/notifications/components/NotificationBell.js';
import { trpc } from './trpc.js';
import { useCurrentUser } from './useCurrentUser.js';
import { AnnouncementBanner } from '../features/announcements/components/AnnouncementBanner.js';
import type { Role } from '../../shared/domain.js';

function navItems(role: Role | undefined): { to: string; label: string }[] {
  if (role === 'admin') return [{ to: '/admin', label: 'Operations' }, { to: '/shops', label: 'Shops' }];
  if (role === 'seller') return [{ to: '/dashboard', label: 'Dashboard' }, { to: '/shops', label: 'Storefront' }, { to: '/account', label: 'Account' }];
  if (role === 'buyer') return [{ to: '/shops', label: 'Shops' }, { to: '/orders', label: 'My orders' }, { to: '/account', label: 'Account' }];
  return [{ to: '/shops', label: 'Shops' }];
}

const SIGN_OUT_WAIT_MS = 3_000;

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const { user, token } = useCurrentUser();
  const location = useLocation();
  const navigate = useNavigate();
  const { tokens } = useClientRuntime();
  const logout = trpc.auth.logout.useMutation();
  const signOut = async () => {
    // The server refuses the token from now on. Best effort: an unreachable server must not keep
    // anyone signed in on this device, so after a short wait the token is dropped regardless.
    await Promise.race([logout.mutateAsync().catch(() => undefined), new Promise((resolve) => window.setTimeout(resolve, SIGN_OUT_WAIT_MS))]);
    tokens.setToken(null);
    void navigate('/signin');
  };
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Anchor component={Link} to="/" c="inherit" underline="never">
              <Title order={3}>Shopwire</Title>
            </Anchor>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <ConnectionBadge />
            {token && <NotificationBell />}
            {token ? (
              <Button variant="subtle" loading={logout.isPending} onClick={() => void signOut()}>
                Sign out
              </Button>
            ) : (
              <Button component={Link} to="/signin" variant="light">
                Sign in
              </Button>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <Stack gap={4}>
          {user && (
            <Text size="sm" c="dimmed" mb="xs">
              {user.name} · {user.role}
            </Text>
          )}
          {navItems(user?.role).map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={item.label}
              active={location.pathname.startsWith(item.to)}
              onClick={close}
            />
          ))}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <AnnouncementBanner />
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
