import type { Role, UserStatus } from '@contract/admin-api';
import { NativeSelect, SimpleGrid, TextInput } from '@mantine/core';
import { roleOptions, settableStatusOptions, statusLabels } from './userLabels';

export interface UserProfileValues {
  loginId: string;
  displayName: string;
  familyName: string;
  givenName: string;
  email: string;
  status: UserStatus;
  role: Role;
}

export type UserProfileField = keyof UserProfileValues;

export const userProfileFields: readonly UserProfileField[] = [
  'loginId',
  'displayName',
  'familyName',
  'givenName',
  'email',
  'status',
  'role',
];

interface UserProfileFieldsProps {
  values: UserProfileValues;
  onChange: <F extends UserProfileField>(field: F, value: UserProfileValues[F]) => void;
  fieldErrors: Partial<Record<UserProfileField, string>>;
}

/** The user fields shared by + Add User and the user details screen. */
export function UserProfileFields({ values, onChange, fieldErrors }: UserProfileFieldsProps) {
  // A locked-out user shows that status, but an admin can only choose Enabled or Disabled (Unlock clears it).
  const statusOptions =
    values.status === 'locked'
      ? [...settableStatusOptions, { value: 'locked', label: statusLabels.locked, disabled: true }]
      : settableStatusOptions;
  const text = (field: Exclude<UserProfileField, 'status' | 'role'>, label: string, required = false) => (
    <TextInput
      label={label}
      required={required}
      value={values[field]}
      error={fieldErrors[field]}
      onChange={(event) => onChange(field, event.currentTarget.value)}
    />
  );

  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      {text('loginId', 'Login ID', true)}
      {text('displayName', 'Display Name')}
      {text('familyName', 'Family Name')}
      {text('givenName', 'Given Name')}
      {text('email', 'Email')}
      <NativeSelect
        label="Role"
        data={roleOptions}
        value={values.role}
        error={fieldErrors.role}
        onChange={(event) => onChange('role', event.currentTarget.value as Role)}
      />
      <NativeSelect
        label="Status"
        data={statusOptions}
        value={values.status}
        error={fieldErrors.status}
        onChange={(event) => onChange('status', event.currentTarget.value as UserStatus)}
      />
    </SimpleGrid>
  );
}
