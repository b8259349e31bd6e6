import { Alert, Anchor, Button, Group, Paper, Radio, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Booking, Service } from '../../../../shared/bookings.js';
import { useCurrentUser } from '../../../app/useCurrentUser.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { QueryBoundary } from '../../../components/QueryBoundary.js';
import { money } from '../../../utils/money.js';
import { isDay, localDay } from '../api/bookingsLive.js';
import { useBookSlot, useServices, useSlots } from '../api/useServices.js';
import { duration, timeOfDay, when } from './when.js';

/** On a shop's page: its services; a buyer picks one, a day and a free slot, and books it. Nothing when the shop offers none. */
export function BookServicePanel({ shopId }: { shopId: string }) {
  const services = useServices(shopId);
  const [chosen, setChosen] = useState<string | null>(null);
  const list = services.data;
  if (!list || list.length === 0) return null;
  const service = list.find((s) => s.id === chosen) ?? null;
  return (
    <Paper withBorder p="md" component="section" aria-label="Services">
      <Stack>
        <Title order={3}>Book a service</Title>
        <Radio.Group value={chosen} onChange={setChosen} label="Service">
          <Stack gap={6} mt={6}>
            {list.map((s) => (
              <Radio key={s.id} value={s.id} label={`${s.name} · ${duration(s.durationMinutes)} · ${money(s.priceCents)}`} />
            ))}
          </Stack>
        </Radio.Group>
        {service && <SlotPicker key={service.id} service={service} />}
      </Stack>
    </Paper>
  );
}

function SlotPicker({ service }: { service: Service }) {
  const { user, token } = useCurrentUser();
  const [day, setDay] = useState(() => localDay(new Date()));
  const [slot, setSlot] = useState<string | null>(null);
  const slots = useSlots(service.id, day);
  const book = useBookSlot();
  const [booked, setBooked] = useState<Booking | null>(null);
  const canBook = user?.role === 'buyer';
  const submit = () => {
    if (slot === null) return;
    book.mutate({ serviceId: service.id, startsAt: new Date(Number(slot)) }, { onSuccess: (made) => (setBooked(made), setSlot(null)) });
  };
  return (
    <Stack>
      {booked && (
        <Alert color="green" title="Booked" role="status" data-testid="booking-made" withCloseButton onClose={() => setBooked(null)}>
          {booked.serviceName}, {when(booked.startsAt)}: requested; the shop will confirm it.{' '}
          <Anchor component={Link} to="/bookings">
            Follow it in My bookings
          </Anchor>
          .
        </Alert>
      )}
      <TextInput
        type="date"
        label="Day"
        value={day}
        min={localDay(new Date())}
        onChange={(e) => {
          if (!isDay(e.currentTarget.value)) return;
          setDay(e.currentTarget.value);
          setSlot(null);
        }}
        maw={220}
      />
      <QueryBoundary query={slots} label="free slots">
        {(list) => {
          const free = list.filter((s) => s.free);
          if (free.length === 0) return <Text c="dimmed">No free slots on this day.</Text>;
          return (
            <Radio.Group value={slot} onChange={setSlot} label="Free slots (your time)">
              <SimpleGrid cols={{ base: 3, xs: 4, sm: 6 }} mt={6}>
                {free.map((s) => (
                  <Radio key={s.startsAt.getTime()} value={String(s.startsAt.getTime())} label={timeOfDay.format(s.startsAt)} data-testid="free-slot" />
                ))}
              </SimpleGrid>
            </Radio.Group>
          );
        }}
      </QueryBoundary>
      {book.error && <ErrorAlert error={book.error} />}
      <Group>
        <Button onClick={submit} disabled={!canBook || slot === null} loading={book.isPending}>
          Book {service.name}
        </Button>
        {!canBook && (
          <Text size="sm" c="dimmed">
            {token ? 'Seller accounts cannot book.' : 'Sign in as a buyer to book.'}
          </Text>
        )}
      </Group>
    </Stack>
  );
}
