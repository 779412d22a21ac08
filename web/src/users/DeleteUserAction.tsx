import type { User } from '@contract/admin-api';
import { deleteUser } from '../api/users';
import { DeleteAction } from '../components/DeleteAction';
import { useRouter } from '../routing/Router';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';

export function DeleteUserAction({ user }: { user: User }) {
  const { api, me } = useSession();
  const router = useRouter();
  // Replace, so Back does not lead to the details of a user that no longer exists.
  const showUserListInstead = () => router.navigate(routePaths.userList, { replace: true });
  return (
    <DeleteAction
      label="Delete User"
      title="Delete User"
      message="Delete this user? This cannot be undone."
      disabled={!me.permissions.manageUsers}
      onDelete={() => deleteUser(api, user.id)}
      onDeleted={showUserListInstead}
    />
  );
}
