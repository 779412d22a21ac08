import { Table, UnstyledButton } from '@mantine/core';

export type SortOrder = 'asc' | 'desc';

interface SortableHeaderProps {
  label: string;
  /** The order this column is sorted in, or null when the table is sorted by another column. */
  order: SortOrder | null;
  onSort: () => void;
}

/** A column header that sorts the table when clicked; the arrow is decoration, aria-sort carries the state. */
export function SortableHeader({ label, order, onSort }: SortableHeaderProps) {
  const ariaSort = order === 'asc' ? 'ascending' : order === 'desc' ? 'descending' : undefined;
  return (
    <Table.Th aria-sort={ariaSort}>
      <UnstyledButton onClick={onSort} fw={700} fz="sm">
        {label}
        {order && <span aria-hidden="true">{order === 'asc' ? ' ▲' : ' ▼'}</span>}
      </UnstyledButton>
    </Table.Th>
  );
}
