import { Button, Group, NativeSelect, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useGroupList } from '../groups/useGroupList';
import { otpTypeOptions } from '../otp/otpTypeLabels';
import { roleOptions, statusLabels } from './userLabels';
import type { UserListQuery } from './userListQuery';

const anyOption = { value: '', label: 'Any' };
const statusOptions = [anyOption, ...Object.entries(statusLabels).map(([value, label]) => ({ value, label }))];
const roleFilterOptions = [anyOption, ...roleOptions];
const otpTypeFilterOptions = [anyOption, ...otpTypeOptions];
const loggedInOptions = [anyOption, { value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }];

interface UserListFiltersProps {
  query: UserListQuery;
  onChange: (query: UserListQuery) => void;
}

/** The search box applies on Enter or Search; the filters apply as soon as they change. */
export function UserListFilters({ query, onChange }: UserListFiltersProps) {
  const groups = useGroupList();
  const groupFilterOptions = [
    anyOption,
    ...(groups.data?.items ?? []).map((group) => ({ value: group.id, label: group.displayName })),
  ];
  const [searchText, setSearchText] = useState(query.q);
  useEffect(() => setSearchText(query.q), [query.q]);

  const apply = (changes: Partial<UserListQuery>) => onChange({ ...query, ...changes, cursor: '' });
  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    apply({ q: searchText.trim() });
  };

  return (
    <>
      <form onSubmit={submitSearch} role="search">
        <Group gap="xs" align="flex-end">
          <TextInput
            aria-label="Search users"
            placeholder="Search by login ID, name or email"
            value={searchText}
            onChange={(event) => setSearchText(event.currentTarget.value)}
            w={360}
          />
          <Button type="submit">Search</Button>
        </Group>
      </form>
      <Group gap="sm" align="flex-end">
        <NativeSelect
          label="Status"
          data={statusOptions}
          value={query.status}
          onChange={(event) => apply({ status: event.currentTarget.value })}
        />
        <NativeSelect
          label="Role"
          data={roleFilterOptions}
          value={query.role}
          onChange={(event) => apply({ role: event.currentTarget.value })}
        />
        <NativeSelect
          label="OTP Type"
          data={otpTypeFilterOptions}
          value={query.otpType}
          onChange={(event) => apply({ otpType: event.currentTarget.value })}
        />
        <NativeSelect
          label="Access Policy Group"
          data={groupFilterOptions}
          value={query.groupId}
          onChange={(event) => apply({ groupId: event.currentTarget.value })}
        />
        <NativeSelect
          label="Has logged in"
          data={loggedInOptions}
          value={query.loggedIn}
          onChange={(event) => apply({ loggedIn: event.currentTarget.value })}
        />
        <TextInput
          type="date"
          label="Last login from"
          value={query.lastLoginFrom}
          onChange={(event) => apply({ lastLoginFrom: event.currentTarget.value })}
        />
        <TextInput
          type="date"
          label="Last login to"
          value={query.lastLoginTo}
          onChange={(event) => apply({ lastLoginTo: event.currentTarget.value })}
        />
      </Group>
    </>
  );
}
