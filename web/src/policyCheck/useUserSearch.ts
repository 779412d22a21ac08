import type { User } from '@contract/admin-api';
import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/client';
import { listUsers } from '../api/users';
import { useSession } from '../session/Session';

const DEBOUNCE_MS = 250;
const MAX_MATCHES = 8;

export const searchUsers = async (api: ApiClient, text: string): Promise<User[]> =>
  (await listUsers(api, { q: text, limit: String(MAX_MATCHES), sort: 'loginId', order: 'asc' })).items;

/** The user whose login ID is exactly `text` (case-insensitive), found with GET /users?q=. */
export async function findUserByLoginId(api: ApiClient, text: string): Promise<User | null> {
  const loginId = text.trim().toLowerCase();
  if (!loginId) return null;
  return (await searchUsers(api, loginId)).find((user) => user.loginId.toLowerCase() === loginId) ?? null;
}

/** Users matching what is typed, looked up a moment after typing stops; [] for empty text. */
export function useUserSearch(text: string): { matches: User[]; error: unknown } {
  const { api } = useSession();
  const [matches, setMatches] = useState<User[]>([]);
  const [error, setError] = useState<unknown>(null);
  const query = text.trim();

  useEffect(() => {
    if (!query) {
      setMatches([]);
      return;
    }
    let current = true;
    const timer = window.setTimeout(() => {
      searchUsers(api, query).then(
        (users) => {
          if (!current) return;
          setMatches(users);
          setError(null);
        },
        (failure: unknown) => {
          if (current) setError(failure);
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [api, query]);

  return { matches, error };
}
