import { Button, Group, NativeSelect, TextInput } from '@mantine/core';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import type { AccessLogQuery } from './accessLogQuery';
import { reasonOptions } from './accessLogLabels';

type FilterValues = Pick<AccessLogQuery, 'loginId' | 'result' | 'reason' | 'ip' | 'service' | 'from' | 'to'>;

const anyOption = { value: '', label: 'Any' };
const resultOptions = [anyOption, { value: 'allowed', label: 'Allowed' }, { value: 'denied', label: 'Denied' }];
const reasonFilterOptions = [anyOption, ...reasonOptions];

interface AccessLogFiltersProps {
  query: AccessLogQuery;
  onSearch: (filters: FilterValues) => void;
}

/** Filters applied together on Enter or Search. Re-mount (key) to reset them from the URL. */
export function AccessLogFilters({ query, onSearch }: AccessLogFiltersProps) {
  const [filters, setFilters] = useState<FilterValues>(query);
  const field = (name: keyof FilterValues) => ({
    value: filters[name],
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
      const value = event.currentTarget.value;
      setFilters((current) => ({ ...current, [name]: value }));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch({ ...filters, loginId: filters.loginId.trim(), ip: filters.ip.trim(), service: filters.service.trim() });
  };

  return (
    <form onSubmit={submit} role="search">
      <Group gap="sm" align="flex-end">
        <TextInput label="Login ID" {...field('loginId')} />
        <NativeSelect label="Result" data={resultOptions} {...field('result')} />
        <NativeSelect label="Reason" data={reasonFilterOptions} {...field('reason')} />
        <TextInput label="IP" {...field('ip')} />
        <TextInput label="Service" {...field('service')} />
        <TextInput type="datetime-local" label="From" {...field('from')} />
        <TextInput type="datetime-local" label="To" {...field('to')} />
        <Button type="submit">Search</Button>
      </Group>
    </form>
  );
}
