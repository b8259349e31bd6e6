import { Center, Loader, Stack, Text, Title, Button } from '@mantine/core';
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Link } from 'react-router';
import { SignInPage } from '../features/auth/components/SignInPage.js';
import { RegisterPage } from '../features/auth/components/RegisterPage.js';
import { AppLayout } from './AppLayout.js';
import { HomeRedirect } from './HomeRedirect.js';
import { RequireRole } from './RequireRole.js';
import { ConversationPanelProvider, type ConversationPanelProps } from '../lib/slots/conversationPanel.js';
import { BookingPanelProvider, type BookingPanelProps } from '../lib/slots/bookingPanel.js';

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
const PurchaseOrdersPage = lazy(() => import('../features/purchasing/components/PurchaseOrdersPage.js').then((m) => ({ default: m.PurchaseOrdersPage })));
const NewPurchaseOrderPage = lazy(() => import('../features/purchasing/components/NewPurchaseOrderPage.js').then((m) => ({ default: m.NewPurchaseOrderPage })));
const PurchaseOrderPage = lazy(() => import('../features/purchasing/components/PurchaseOrderPage.js').then((m) => ({ default: m.PurchaseOrderPage })));
const ReceivePage = lazy(() => import('../features/purchasing/components/ReceivePage.js').then((m) => ({ default: m.ReceivePage })));
const SuppliersPage = lazy(() => import('../features/purchasing/components/SuppliersPage.js').then((m) => ({ default: m.SuppliersPage })));
const MovementsPage = lazy(() => import('../features/inventory/components/MovementsPage.js').then((m) => ({ default: m.MovementsPage })));
const TransfersPage = lazy(() => import('../features/inventory/components/TransfersPage.js').then((m) => ({ default: m.TransfersPage })));
const ServicesPage = lazy(() => import('../features/bookings/components/ServicesPage.js').then((m) => ({ default: m.ServicesPage })));
const MyBookingsPage = lazy(() => import('../features/bookings/components/MyBookingsPage.js').then((m) => ({ default: m.MyBookingsPage })));
const BookServicePanel = lazy(() => import('../features/bookings/components/BookServicePanel.js').then((m) => ({ default: m.BookServicePanel })));
const BuyerChatPanel = lazy(() => import('../features/chat/components/BuyerChatPanel.js').then((m) => ({ default: m.BuyerChatPanel })));

/** The chat feature's panel, for other features' pages (lib/slots/conversationPanel.tsx). */
function ConversationPanel(props: ConversationPanelProps) {
  return (
    <Suspense fallback={null}>
      <BuyerChatPanel {...props} />
    </Suspense>
  );
}

/** The bookings feature's panel, for the storefront's shop page (lib/slots/bookingPanel.tsx). */
function BookingPanel(props: BookingPanelProps) {
  return (
    <Suspense fallback={null}>
      <BookServicePanel {...props} />
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

/** Pages of one shop for its team: signed-in sellers only, each its own chunk. */
function sellerPages(pages: [path: string, page: ReactNode][]) {
  return pages.map(([path, page]) => ({
    path,
    element: (
      <RequireRole role="seller">
        <Chunk>{page}</Chunk>
      </RequireRole>
    ),
  }));
}

export const router = createBrowserRouter([
  {
    element: (
      <ConversationPanelProvider value={ConversationPanel}>
        <BookingPanelProvider value={BookingPanel}>
          <AppLayout />
        </BookingPanelProvider>
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
      ...sellerPages([
        ['dashboard/:shopId/purchase-orders', <PurchaseOrdersPage />],
        ['dashboard/:shopId/purchase-orders/new', <NewPurchaseOrderPage />],
        ['dashboard/:shopId/purchase-orders/:purchaseOrderId', <PurchaseOrderPage />],
        ['dashboard/:shopId/purchase-orders/:purchaseOrderId/receive', <ReceivePage />],
        ['dashboard/:shopId/suppliers', <SuppliersPage />],
        ['dashboard/:shopId/movements', <MovementsPage />],
        ['dashboard/:shopId/transfers', <TransfersPage />],
      ]),
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
        path: 'dashboard/:shopId/services',
        element: (
          <RequireRole role="seller">
            <Chunk>
              <ServicesPage />
            </Chunk>
          </RequireRole>
        ),
      },
      {
        path: 'bookings',
        element: (
          <RequireRole role="buyer">
            <Chunk>
              <MyBookingsPage />
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
