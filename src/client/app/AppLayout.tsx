import { Anchor, AppShell, Burger, Button, Group, NavLink, SegmentedControl, Stack, Text, Title, useMantineColorScheme } from '@mantine/core';
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
  if (role === 'seller') return [{ to: '/dashboard', label: 'Dashboard' }, { to: '/shops', label: 'Storefront' }];
  if (role === 'buyer') return [{ to: '/shops', label: 'Shops' }, { to: '/orders', label: 'My orders' }, { to: '/bookings', label: 'My bookings' }];
  return [{ to: '/shops', label: 'Shops' }];
}

/** Inside one shop's pages, the way to that shop's other screens. */
function shopNavItems(pathname: string): { to: string; label: string; exact?: boolean }[] {
  const shopId = /^\/dashboard\/([^/]+)/.exec(pathname)?.[1];
  if (!shopId) return [];
  const base = `/dashboard/${shopId}`;
  return [
    { to: base, label: 'Overview', exact: true },
    { to: `${base}/purchase-orders`, label: 'Purchase orders' },
    { to: `${base}/suppliers`, label: 'Suppliers' },
    { to: `${base}/movements`, label: 'Stock movements' },
    { to: `${base}/transfers`, label: 'Transfers' },
  ];
}

const SIGN_OUT_WAIT_MS = 3_000;

/** Light, dark, or the system's: Mantine keeps the choice in localStorage, so it holds across reloads. */
function ThemeSwitch() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  return (
    <Stack gap={4} mt="md">
      <Text size="xs" c="dimmed" id="theme-label">
        Theme
      </Text>
      <SegmentedControl
        size="xs"
        aria-labelledby="theme-label"
        value={colorScheme}
        onChange={setColorScheme}
        data={[
          { value: 'light', label: 'Light' },
          { value: 'dark', label: 'Dark' },
          { value: 'auto', label: 'System' },
        ]}
      />
    </Stack>
  );
}

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
        {/* First in the tab order: keyboard users go straight past the header and navigation. */}
        <a href="#main" className="skip-link">
          Skip to content
        </a>
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
          {user?.role === 'seller' && shopNavItems(location.pathname).length > 0 && (
            <Stack gap={2} mt="sm" component="nav" aria-label="This shop">
              <Text size="xs" c="dimmed" tt="uppercase" fw={700} px="sm">
                This shop
              </Text>
              {shopNavItems(location.pathname).map((item) => (
                <NavLink
                  key={item.to}
                  component={Link}
                  to={item.to}
                  label={item.label}
                  active={item.exact ? location.pathname === item.to : location.pathname.startsWith(item.to)}
                  onClick={close}
                />
              ))}
            </Stack>
          )}
          <ThemeSwitch />
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <AnnouncementBanner />
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
