import type { User } from '@contract/admin-api';
import { Divider, NativeSelect, Title } from '@mantine/core';
import { useGroupList } from '../groups/useGroupList';

interface AccessPolicyFieldsProps {
  user: User;
  groupId: string;
  error?: string;
  onChange: (groupId: string) => void;
}

/**
 * User details, section Access Policy (SPEC §4): the field Access Policy Groups, saved with the rest of the form
 * by Save Changes. Until the groups load, the user's own group is the one option.
 */
export function AccessPolicyFields({ user, groupId, error, onChange }: AccessPolicyFieldsProps) {
  const groups = useGroupList();
  const options = groups.data
    ? groups.data.items.map((group) => ({ value: group.id, label: group.displayName }))
    : [{ value: user.groupId, label: user.groupName }];
  return (
    <section aria-labelledby="access-policy-title">
      <Divider mb="sm" />
      <Title order={3} id="access-policy-title" mb="xs">
        Access Policy
      </Title>
      <NativeSelect
        label="Access Policy Groups"
        description="Applies from the user's next login."
        data={options}
        value={groupId}
        error={error ?? (groups.error ? 'The list of groups could not be loaded.' : undefined)}
        onChange={(event) => onChange(event.currentTarget.value)}
        maw={420}
      />
    </section>
  );
}
