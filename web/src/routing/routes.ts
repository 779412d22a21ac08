import { navigationSections } from '../layout/navigation';

export type ConsoleRoute =
  | { page: 'home' }
  | { page: 'userList' }
  | { page: 'addUser' }
  | { page: 'userDetails'; userId: string }
  | { page: 'otpSetup'; userId: string }
  | { page: 'domainSettings' }
  | { page: 'adminOperationLogs' }
  | { page: 'comingSoon'; title: string }
  | { page: 'notFound' };

export const routePaths = {
  userList: '/users',
  addUser: '/users/new',
  userDetails: (id: string) => `/users/${encodeURIComponent(id)}`,
  otpSetup: (id: string) => `/users/${encodeURIComponent(id)}/otp-setup`,
  domainSettings: '/system/domain-settings',
  adminOperationLogs: '/logs/admin-operations',
} as const;

const comingSoonTitles = new Map(
  navigationSections.flatMap((section) =>
    section.items.filter((item) => item.comingSoon).map((item) => [item.path, item.label] as const),
  ),
);

export function matchRoute(path: string): ConsoleRoute {
  const normalized = path.length > 1 ? path.replace(/\/+$/, '') : path;
  if (normalized === '/') return { page: 'home' };
  if (normalized === routePaths.userList) return { page: 'userList' };
  if (normalized === routePaths.addUser) return { page: 'addUser' };
  if (normalized === routePaths.domainSettings) return { page: 'domainSettings' };
  if (normalized === routePaths.adminOperationLogs) return { page: 'adminOperationLogs' };

  const userId = /^\/users\/([^/]+)$/.exec(normalized)?.[1];
  if (userId) return { page: 'userDetails', userId: decodeURIComponent(userId) };
  const otpSetupUserId = /^\/users\/([^/]+)\/otp-setup$/.exec(normalized)?.[1];
  if (otpSetupUserId) return { page: 'otpSetup', userId: decodeURIComponent(otpSetupUserId) };

  const comingSoonTitle = comingSoonTitles.get(normalized);
  if (comingSoonTitle) return { page: 'comingSoon', title: comingSoonTitle };
  return { page: 'notFound' };
}
