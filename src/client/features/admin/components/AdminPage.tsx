import { Button, Card, Group, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { Severity } from '../../../../shared/announcements.js';
import { trpc } from '../../../app/trpc.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { QueryBoundary } from '../../../components/QueryBoundary.js';

/** The operator's page: tell everyone something, see who is connected, look one user up. */
export function AdminPage() {
  return (
    <Stack>
      <Title order={2}>Operations</Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <AnnounceForm />
        <Stack>
          <Stats />
          <UserLookup />
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}

function AnnounceForm() {
  const announce = trpc.admin.announce.useMutation();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [severity, setSeverity] = useState<Severity>('info');
  const [endsAt, setEndsAt] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    announce.mutate(
      { title, body, severity, endsAt: endsAt ? new Date(endsAt) : undefined },
      {
        onSuccess: () => {
          setTitle('');
          setBody('');
          setEndsAt('');
        },
      },
    );
  };
  return (
    <Card withBorder component="form" onSubmit={submit}>
      <Stack>
        <Title order={3} size="h4">
          Announce
        </Title>
        <TextInput label="Title" required maxLength={120} value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
        <Textarea label="Message" required maxLength={2000} autosize minRows={3} value={body} onChange={(e) => setBody(e.currentTarget.value)} />
        <NativeSelect
          label="Severity"
          value={severity}
          onChange={(e) => setSeverity(e.currentTarget.value as Severity)}
          data={[
            { value: 'info', label: 'Information' },
            { value: 'warning', label: 'Warning' },
            { value: 'maintenance', label: 'Maintenance (needs an end)' },
          ]}
        />
        <TextInput
          label="Ends at"
          description={severity === 'maintenance' ? 'Required for maintenance' : 'Optional: shown until then'}
          type="datetime-local"
          required={severity === 'maintenance'}
          value={endsAt}
          onChange={(e) => setEndsAt(e.currentTarget.value)}
        />
        {announce.error && <ErrorAlert error={announce.error} />}
        {announce.data && (
          <Text size="sm" c="green.8" role="status">
            Announced: {announce.data.title}
          </Text>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={announce.isPending}>
            Announce to everyone
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function Stats() {
  const stats = trpc.admin.stats.useQuery(undefined, { refetchInterval: 5_000 });
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4">
          Now
        </Title>
        <Button size="xs" variant="default" onClick={() => void stats.refetch()} loading={stats.isFetching}>
          Refresh
        </Button>
      </Group>
      <QueryBoundary query={stats} label="figures">
        {(s) => (
          <Table data-testid="admin-stats">
            <Table.Tbody>
              <Row label="Instances" value={s.instances} />
              <Row label="Connections" value={s.connections} />
              {Object.entries(s.connectionsByRole).map(([role, n]) => (
                <Row key={role} label={`… ${role}`} value={n} />
              ))}
              <Row label="Users online" value={s.onlineUsers} />
              {Object.entries(s.subscriptionsByTopicKind).map(([kind, n]) => (
                <Row key={kind} label={`Subscriptions: ${kind}`} value={n} />
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryBoundary>
    </Card>
  );
}

function Row({ label, value }: { label: string; value: number }) {
  return (
    <Table.Tr>
      <Table.Td>{label}</Table.Td>
      <Table.Td ta="right">{value}</Table.Td>
    </Table.Tr>
  );
}

function UserLookup() {
  const [input, setInput] = useState('');
  const [userId, setUserId] = useState<string | null>(null);
  const status = trpc.admin.userStatus.useQuery({ userId: userId ?? '' }, { enabled: userId !== null, retry: false });
  return (
    <Card
      withBorder
      component="form"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        setUserId(input.trim());
      }}
    >
      <Stack>
        <Title order={3} size="h4">
          Look up a user
        </Title>
        <Group align="end">
          <TextInput label="User id" required value={input} onChange={(e) => setInput(e.currentTarget.value)} style={{ flex: 1 }} />
          <Button type="submit" variant="light">
            Look up
          </Button>
        </Group>
        {status.error && <ErrorAlert error={status.error} />}
        {status.data && (
          <Text data-testid="user-status">
            {status.data.online ? `Online, on ${status.data.connections} connection${status.data.connections === 1 ? '' : 's'}` : 'Offline'}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
