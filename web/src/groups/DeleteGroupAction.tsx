import type { Group } from '@contract/admin-api';
import { Text } from '@mantine/core';
import { deleteGroup } from '../api/groups';
import { DeleteAction } from '../components/DeleteAction';
import { useRouter } from '../routing/Router';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';

/** Delete, refused by the server while users are assigned (its 409 message is shown) and for the Default group. */
export function DeleteGroupAction({ group }: { group: Group }) {
  const { api, me } = useSession();
  const router = useRouter();
  if (group.isDefault) return <Text c="dimmed">The Default group cannot be deleted.</Text>;
  return (
    <DeleteAction
      title="Delete Access Policy Group"
      message={`Delete the Access Policy Group "${group.displayName}"? This cannot be undone.`}
      disabled={!me.permissions.manageSystem}
      onDelete={() => deleteGroup(api, group.id)}
      onDeleted={() => router.navigate(routePaths.groupList, { replace: true })}
    />
  );
}
