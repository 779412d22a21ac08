import { Button, Group, TextInput } from '@mantine/core';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { auditLogFilterNames, type AuditLogQuery } from './auditLogQuery';

type FilterValues = Pick<AuditLogQuery, (typeof auditLogFilterNames)[number]>;

interface AuditLogFiltersProps {
  query: AuditLogQuery;
  onSearch: (filters: FilterValues) => void;
}

/** Filters are typed freely and applied together on Enter or Search. Re-mount (key) to reset them from the URL. */
export function AuditLogFilters({ query, onSearch }: AuditLogFiltersProps) {
  const [filters, setFilters] = useState<FilterValues>(query);
  const field = (name: keyof FilterValues) => ({
    value: filters[name],
    onChange: (event: ChangeEvent<HTMLInputElement>) => {
      const value = event.currentTarget.value;
      setFilters((current) => ({ ...current, [name]: value }));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch({
      ...filters,
      actor: filters.actor.trim(),
      operation: filters.operation.trim(),
      target: filters.target.trim(),
    });
  };

  return (
    <form onSubmit={submit} role="search">
      <Group gap="sm" align="flex-end">
        <TextInput label="Actor" placeholder="Login ID" {...field('actor')} />
        <TextInput label="Operation" placeholder="e.g. user.update" {...field('operation')} />
        <TextInput label="Target" {...field('target')} />
        <TextInput type="datetime-local" label="From" {...field('from')} />
        <TextInput type="datetime-local" label="To" {...field('to')} />
        <Button type="submit">Search</Button>
      </Group>
    </form>
  );
}
