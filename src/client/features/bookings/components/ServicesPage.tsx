import { Button, Grid, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { Link, useParams, useSearchParams } from 'react-router';
import type { Service } from '../../../../shared/bookings.js';
import { useCurrentUser } from '../../../app/useCurrentUser.js';
import { useShopRole } from '../../../app/useShopRole.js';
import { ListTable } from '../../../components/ListTable.js';
import { QueryBoundary } from '../../../components/QueryBoundary.js';
import { StreamNotice } from '../../../components/StreamNotice.js';
import { money } from '../../../utils/money.js';
import { isDay, localDay } from '../api/bookingsLive.js';
import { useServices } from '../api/useServices.js';
import { useShopBookings } from '../api/useShopBookings.js';
import { CreateServiceForm } from './CreateServiceForm.js';
import { ShopBookingsTable } from './ShopBookingsTable.js';
import { duration } from './when.js';

/** `/dashboard/:shopId/services[?day=YYYY-MM-DD]`: a day's bookings, live (today unless another day is picked), and the shop's services. */
export function ServicesPage() {
  const { shopId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const asked = params.get('day');
  const day = isDay(asked) ? asked : localDay(new Date());
  const { user } = useCurrentUser();
  const { can } = useShopRole(shopId);
  const shopName = user?.shops.find((shop) => shop.id === shopId)?.name;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Services{shopName ? ` of ${shopName}` : ''}</Title>
        <Button component={Link} to={`/dashboard/${shopId}`} variant="default">
          Back to dashboard
        </Button>
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper withBorder p="md">
            <Stack>
              <Group justify="space-between" align="end">
                <Title order={3}>Bookings</Title>
                <TextInput type="date" label="Day" value={day} onChange={(e) => isDay(e.currentTarget.value) && setParams({ day: e.currentTarget.value })} />
              </Group>
              {/* A day's list and its stream belong together: another day starts both afresh. */}
              <DayBookings key={`${shopId}/${day}`} shopId={shopId} day={day} />
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <ServiceList shopId={shopId} />
            {can('manageCatalog') ? (
              <CreateServiceForm shopId={shopId} />
            ) : (
              <Text size="sm" c="dimmed">
                Only the shop&apos;s owners and managers add services.
              </Text>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function DayBookings({ shopId, day }: { shopId: string; day: string }) {
  const { list, rows, stream } = useShopBookings(shopId, day);
  return (
    <>
      <StreamNotice stream={stream} />
      <QueryBoundary query={list} label="bookings">
        {() => rows && <ShopBookingsTable bookings={rows} />}
      </QueryBoundary>
    </>
  );
}

function ServiceList({ shopId }: { shopId: string }) {
  const services = useServices(shopId);
  return (
    <Paper withBorder p="md">
      <Title order={3} mb="sm">
        Services
      </Title>
      <QueryBoundary query={services} label="services">
        {(list) => (list.length === 0 ? <Text c="dimmed">No services yet: buyers can book a service once you add one.</Text> : <ServiceTable services={list} />)}
      </QueryBoundary>
    </Paper>
  );
}

function ServiceTable({ services }: { services: readonly Service[] }) {
  return (
    <ListTable columns={[{ label: 'Name' }, { label: 'Takes' }, { label: 'Price' }]} verticalSpacing="xs">
      <Table.Tbody>
        {services.map((service) => (
          <Table.Tr key={service.id} data-testid="service-row">
            <Table.Td>{service.name}</Table.Td>
            <Table.Td>{duration(service.durationMinutes)}</Table.Td>
            <Table.Td>{money(service.priceCents)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ListTable>
  );
}
