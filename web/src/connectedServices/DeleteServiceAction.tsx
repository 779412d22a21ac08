import type { ConnectedService } from '@contract/admin-api';
import { deleteConnectedService } from '../api/connectedServices';
import { DeleteAction } from '../components/DeleteAction';
import { useRouter } from '../routing/Router';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';

/** What deleting the service takes away, named before it happens. */
export function deleteServiceMessage(service: ConnectedService): string {
  const groups = service.allowedByGroups.map((group) => `"${group.displayName}"`);
  const allowedBy =
    groups.length === 0
      ? 'No Access Policy Group allows it.'
      : `It will be removed from the Allowed services of ${groups.length === 1 ? 'the group' : 'the groups'} ${groups.join(', ')}.`;
  return `Delete the connected service "${service.name}"? ${allowedBy} This cannot be undone.`;
}

export function DeleteServiceAction({ service }: { service: ConnectedService }) {
  const { api, me } = useSession();
  const router = useRouter();
  return (
    <DeleteAction
      title="Delete connected service"
      message={deleteServiceMessage(service)}
      disabled={!me.permissions.manageSystem}
      onDelete={async () => {
        await deleteConnectedService(api, service.id);
      }}
      onDeleted={() => router.navigate(routePaths.serviceList, { replace: true })}
    />
  );
}
