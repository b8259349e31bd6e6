import { Button, Group, type ButtonProps } from '@mantine/core';
import type { ReactNode } from 'react';

/** The part of an infinite query that pages back through a cursor list. */
export interface OlderPages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

interface Props extends ButtonProps {
  pages: OlderPages;
  children: ReactNode;
  /** Centred under a table or panel rather than flush left in a column of cards. */
  centered?: boolean;
}

/** Pages a newest-first list back by its cursor; gone once the server says there is nothing older. */
export function LoadOlderButton({ pages, children, centered = false, ...button }: Props) {
  if (!pages.hasNextPage) return null;
  const load = (
    <Button variant="subtle" loading={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()} {...button}>
      {children}
    </Button>
  );
  return centered ? <Group justify="center">{load}</Group> : load;
}
