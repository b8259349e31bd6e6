import { Center, Loader, Stack, Text, Title, Button } from '@mantine/core';
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Link } from 'react-router';
import { SignInPage } from '../features/auth/components/SignInPage.js';
import { RegisterPage } from '../features/auth/components/RegisterPage.js';
import { AppLayout } from './AppLayout.js';
import { HomeRedirect } from './HomeRedirect.js';
import { RequireRole } from './RequireRole.js';
import { ConversationPanelProvider, type ConversationPanelProps } from '../lib/slots/conversationPanel.js';

// Each area is its own chunk: a buyer never downloads the dashboard's charts.
const DashboardHome = lazy(() => import('../features/dashboard/components/DashboardHome.js').then((m) => ({ default: m.DashboardHome })));
const DashboardPage = lazy(() => import('../features/dashboard/components/DashboardPage.js').then((m) => ({ default: m.DashboardPage })));
const ShopListPage = lazy(() => import('../features/storefront/components/ShopListPage.js').then((m) => ({ default: m.ShopListPage })));
const ShopPage = lazy(() => import('../features/storefront/components/ShopPage.js').then((m) => ({ default: m.ShopPage })));
const TeamPage = lazy(() => import('../features/team/components/TeamPage.js').then((m) => ({ default: m.TeamPage })));
const LiveViewPage = lazy(() => import('../features/liveview/components/LiveViewPage.js').then((m) => ({ default: m.LiveViewPage })));
const AdminPage = lazy(() => import('../features/admin/components/AdminPage.js').then((m) => ({ default: m.AdminPage })));
const MyOrdersPage = lazy(() => import('../features/orders/components/MyOrdersPage.js').then((m) => ({ default: m.MyOrdersPage })));
const InboxPage = lazy(() => import('../features/chat/components/InboxPage.js').then((m) => ({ default: m.InboxPage })));
const AccountPage = lazy(() => import('../features/account/components/AccountPage.js').then((m) => ({ default: m.AccountPage })));
const OrderDetailPage = lazy(() => import('../features/orderDetail/components/OrderDetailPage.js').then((m) => ({ default: m.OrderDetailPage })));
const BuyerChatPanel = lazy(() => import('../features/chat/components/BuyerChatPanel.js').then((m) => ({ default: m.BuyerChatPanel })));

/** The chat feature's panel, for other features' pages (lib/slots/conversationPanel.tsx). */
function ConversationPanel(props: ConversationPanelProps) {
  return (
    <Suspense fallback={null}>
      <BuyerChatPanel {...props} />
    </Suspense>
  );
}

function Chunk({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <Center p="xl">
          <Loader aria-label="Loading page" />
        </Center>
      }
    >
      {children}
    </Suspense>
  );
}

function NotFoundPage() {
  return (
    <Stack align="center" p="xl">
      <Title order={2}>Page not found</Title>
      <Text c="dimmed">The link may be old or mistyped.</Text>
      <Button component={Link} to="/">
        Go home
      </Button>
    </Stack>
  );
}

export const router = createBrowserRouter([
  {
    element: (
      <ConversationPanelProvider value={ConversationPanel}>
        <AppLayout />
      </ConversationPanelProvider>
    ),
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'signin', element: <SignInPage /> },
      { path: 'register', element: <RegisterPage /> },
      {
        path: 'dashboard',
        element: (
          <RequireRole role="seller">
            <Chunk>
              <DashboardHome />
            </Chunk>
          </RequireRole>
        ),
      },
      {
        path: 'dashboard/:shopId',
        element: (
          <RequireRole role="seller">
            <Chunk>
              <DashboardPage />
            </Chunk>
          </RequireRole>
        ),
      },
      {
        path: 'dashboard/:shopId/team',
        element: (
          <RequireRole role="seller">
            <Chunk>
              <TeamPage />
            </Chunk>
          </RequireRole>
        ),
      },
      {
        path: 'dashboard/:shopId/inbox',
        element: (
          <RequireRole role="seller">
            <Chunk>
              <InboxPage />
            </Chunk>
          </RequireRole>
        ),
      },
      {
        path: 'dashboard/:shopId/orders/:orderId',
        element: (
          <RequireRole role="seller">
            <Chunk>
              <OrderDetailPage />
            </Chunk>
          </RequireRole>
        ),
      },
      {
        path: 'account',
        element: (
          <RequireRole role="any">
            <Chunk>
              <AccountPage />
            </Chunk>
          </RequireRole>
        ),
      },
      { path: 'shops', element: <Chunk><ShopListPage /></Chunk> },
      { path: 'shops/:shopId', element: <Chunk><ShopPage /></Chunk> },
      {
        path: 'orders',
        element: (
          <RequireRole role="buyer">
            <Chunk>
              <MyOrdersPage />
            </Chunk>
          </RequireRole>
        ),
      },
      {
        path: 'dashboard/:shopId/live',
        element: (
          <RequireRole role="seller">
            <Chunk>
              <LiveViewPage />
            </Chunk>
          </RequireRole>
        ),
      },
      {
        path: 'admin',
        element: (
          <RequireRole role="admin">
            <Chunk>
              <AdminPage />
            </Chunk>
          </RequireRole>
        ),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
