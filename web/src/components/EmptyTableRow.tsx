import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** The row a table shows when it has nothing to list: a dimmed message across all its columns. */
export function EmptyTableRow({ columnCount, children }: { columnCount: number; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Td colSpan={columnCount}>
        <Text c="dimmed">{children}</Text>
      </Table.Td>
    </Table.Tr>
  );
}
