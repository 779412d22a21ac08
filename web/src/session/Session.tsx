import type { Me } from '@contract/admin-api';
import { createContext, useContext } from 'react';
import type { ApiClient } from '../api/client';

/** The signed-in admin, and an API client that carries their CSRF token. */
export interface Session {
  domain: string;
  me: Me;
  api: ApiClient;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside SessionGate');
  return session;
}
