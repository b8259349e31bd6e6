import { ScrollArea, Table, Text, type TableProps, type TextProps } from '@mantine/core';
import type { ReactNode } from 'react';

/** A header cell; `numeric` columns (counts, money) line up on the right. */
export interface ListColumn {
  label: ReactNode;
  numeric?: boolean;
}

interface Props extends TableProps {
  /** `false` entries are columns this view leaves out (e.g. costs the viewer may not see). */
  columns: readonly (ListColumn | false)[];
  /** The table's own `Table.Tbody` (and `Table.Tfoot`): rows differ by screen, the frame does not. */
  children: ReactNode;
}

/**
 * The frame of every list and line-item table: the header from `columns`, then the screen's body.
 * A table given `miw` scrolls sideways at phone widths rather than squeezing its cells; one without
 * stays bare, since a scroll area would stop its cells from wrapping.
 */
export function ListTable({ columns, children, ...table }: Props) {
  const frame = (
    <Table {...table}>
      <Table.Thead>
        <Table.Tr>
          {columns.map((column, index) =>
            column === false ? null : (
              <Table.Th key={index} ta={column.numeric ? 'right' : undefined}>
                {column.label}
              </Table.Th>
            ),
          )}
        </Table.Tr>
      </Table.Thead>
      {children}
    </Table>
  );
  return table.miw === undefined ? frame : <ScrollArea type="auto">{frame}</ScrollArea>;
}

/** What a list says when it has no rows: dimmed and centred where the rows would be. */
export function EmptyNote({ children, ...text }: TextProps & { children: ReactNode }) {
  return (
    <Text c="dimmed" ta="center" py="md" {...text}>
      {children}
    </Text>
  );
}
