import { listGroups } from '../api/groups';
import { useApiData } from '../api/useApiData';
import { useSession } from '../session/Session';

/** GET /groups: Default first, then by name. */
export function useGroupList() {
  const { api } = useSession();
  return useApiData(() => listGroups(api), 'groups');
}
