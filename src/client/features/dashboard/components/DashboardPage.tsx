import { Alert, Button, Grid, Group, Paper, Skeleton, Stack } from '@mantine/core';
import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { trpc } from '../../../app/trpc.js';
import { useShopRole } from '../../../app/useShopRole.js';
import { errorCode } from '../../../utils/describeError.js';
import { QueryBoundary } from '../../../components/QueryBoundary.js';
import { useShopLive } from '../api/useShopLive.js';
import { useShopToasts } from '../api/useShopToasts.js';
import { usePeriod } from '../api/usePeriod.js';
import { useOrderFilters } from '../api/useOrderFilters.js';
import { useExportOrders } from '../api/useExportOrders.js';
import { hasOrderFilters } from '../api/orderFilterForm.js';
import { OrderFilterBar } from './OrderFilterBar.js';
import { AdjustStockModal } from './AdjustStockModal.js';
import { AlertsPanel } from './AlertsPanel.js';
import { EditProductModal } from './EditProductModal.js';
import { FigureCards } from './FigureCards.js';
import { InventoryTable } from './InventoryTable.js';
import { OrdersTable } from './OrdersTable.js';
import { PeriodSwitcher } from './PeriodSwitcher.js';
import { ShopSwitcher } from './ShopSwitcher.js';
import { StreamNotice } from '../../../components/StreamNotice.js';

// The chart library is most of this page's weight; tables and figures should not wait for it.
const RevenueChart = lazy(() => import('./RevenueChart.js').then((m) => ({ default: m.RevenueChart })));

function ChartPlaceholder() {
  return (
    <Paper withBorder p="md">
      <Skeleton h={260} role="status" aria-label="Loading chart" />
    </Paper>
  );
}

export function DashboardPage() {
  const { shopId = '' } = useParams();
  // A new shop is a new set of snapshots and cursors: remount rather than carry state across.
  return <ShopDashboard key={shopId} shopId={shopId} />;
}

/** The stream was ended with FORBIDDEN: an owner took this seller off the team (or the shop is gone for them). */
function AccessEnded() {
  const utils = trpc.useUtils();
  // The shop leaves this seller's list (auth.me) and the switcher with it.
  useEffect(() => void utils.auth.me.invalidate(), [utils]);
  return (
    <Alert color="red" title="Your access to this shop ended" role="alert" data-testid="access-ended">
      An owner of this shop removed you from its team, so its orders, stock and figures are no longer shown here.
      <Button component={Link} to="/dashboard" variant="light" size="xs" mt="sm" display="block" w="fit-content">
        Go to your shops
      </Button>
    </Alert>
  );
}

function ShopDashboard({ shopId }: { shopId: string }) {
  const { choice, period, choose } = usePeriod();
  const orderFilters = useOrderFilters();
  const exportOrders = useExportOrders(shopId);
  const live = useShopLive(shopId, period, useShopToasts(), orderFilters.filters);
  const { can } = useShopRole(shopId);
  const [adjusting, setAdjusting] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  // Looked up by id on every render, so the open dialog shows live stock.
  const adjustingProduct = live.productRows?.find((product) => product.id === adjusting) ?? null;
  const editingProduct = live.productRows?.find((product) => product.id === editing) ?? null;
  if (live.stream.status === 'stopped' && errorCode(live.stream.error) === 'FORBIDDEN') {
    return (
      <Stack>
        <AccessEnded />
      </Stack>
    );
  }
  return (
    <Stack>
      <Group justify="space-between" align="end">
        <ShopSwitcher shopId={shopId} canManageTeam={can('manageShop')} />
        <Group gap="xs">
          <Button component={Link} to={`/dashboard/${shopId}/services`} variant="light">
            Services
          </Button>
          <Button component={Link} to={`/dashboard/${shopId}/inbox`} variant="light">
            Messages
          </Button>
        </Group>
      </Group>
      <StreamNotice stream={live.stream} />
      <PeriodSwitcher choice={choice} period={period} onChoose={choose} />
      <QueryBoundary query={live.stats} label="figures">
        {() => live.figures && <FigureCards figures={live.figures} previous={live.previous} period={period} rebasing={live.rebasing} inventoryValueCents={live.inventoryValueCents} refundedCents={live.refundedCents} />}
      </QueryBoundary>
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <QueryBoundary query={live.series} label="chart">
              {() => (
                <Suspense fallback={<ChartPlaceholder />}>
                  {live.buckets && live.previousBuckets && <RevenueChart period={period} buckets={live.buckets} previousBuckets={live.previousBuckets} />}
                </Suspense>
              )}
            </QueryBoundary>
            <QueryBoundary query={live.orders} label="orders">
              {() => (
                <OrdersTable
                  shopId={shopId}
                  orders={live.orderRows}
                  pages={live.orders}
                  filtered={hasOrderFilters(orderFilters.filters)}
                  filterBar={
                    <OrderFilterBar
                      form={orderFilters.form}
                      onChange={orderFilters.setForm}
                      onClear={orderFilters.reset}
                      rangeProblem={orderFilters.rangeProblem}
                      onExport={() => void exportOrders.download(orderFilters.filters)}
                      exporting={exportOrders.pending}
                      exportError={exportOrders.error}
                    />
                  }
                />
              )}
            </QueryBoundary>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <AlertsPanel products={live.productRows} alerts={live.alerts} onRestock={setAdjusting} canAddProducts={can('manageCatalog')} />
        </Grid.Col>
      </Grid>
      <QueryBoundary query={live.products} label="inventory">
        {() => live.productRows && <InventoryTable shopId={shopId} products={live.productRows} onAdjust={setAdjusting} onEdit={can('manageCatalog') ? setEditing : null} />}
      </QueryBoundary>
      <AdjustStockModal product={adjustingProduct} onClose={() => setAdjusting(null)} />
      <EditProductModal product={editingProduct} onClose={() => setEditing(null)} />
    </Stack>
  );
}
