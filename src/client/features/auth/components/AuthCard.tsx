import { Center, Paper, Stack, Title } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';

export function AuthCard({ title, onSubmit, children }: { title: string; onSubmit: () => void; children: ReactNode }) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Center py="xl">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <form onSubmit={submit} aria-label={title} noValidate>
          <Stack>
            <Title order={2}>{title}</Title>
            {children}
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
