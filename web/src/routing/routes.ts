import { navigationSections } from '../layout/navigation';

export type ConsoleRoute =
  | { page: 'home' }
  | { page: 'userList' }
  | { page: 'addUser' }
  | { page: 'userDetails'; userId: string }
  | { page: 'otpSetup'; userId: string }
  | { page: 'domainSettings' }
  | { page: 'adminOperationLogs' }
  | { page: 'accessLogs' }
  | { page: 'groupList' }
  | { page: 'addGroup' }
  | { page: 'editGroup'; groupId: string }
  | { page: 'copyGroup'; groupId: string }
  | { page: 'ipSetList' }
  | { page: 'addIpSet' }
  | { page: 'editIpSet'; ipSetId: string }
  | { page: 'templateList' }
  | { page: 'addTemplate' }
  | { page: 'editTemplate'; templateId: string }
  | { page: 'policyCheck' }
  | { page: 'serviceList' }
  | { page: 'addSamlService' }
  | { page: 'addOidcClient' }
  | { page: 'editService'; serviceId: string }
  | { page: 'comingSoon'; title: string }
  | { page: 'notFound' };

const services = '/system/connected-services';
const groups = '/access-control/access-policy-groups';
const ipSets = '/access-control/ip-sets';
const templates = '/access-control/access-policy-templates';
const segment = (id: string) => `/${encodeURIComponent(id)}`;

export const routePaths = {
  userList: '/users',
  addUser: '/users/new',
  userDetails: (id: string) => `/users${segment(id)}`,
  otpSetup: (id: string) => `/users${segment(id)}/otp-setup`,
  domainSettings: '/system/domain-settings',
  adminOperationLogs: '/logs/admin-operations',
  accessLogs: '/logs/access',
  userAccessLogs: (userId: string) => `/logs/access?${new URLSearchParams({ userId }).toString()}`,
  groupList: groups,
  addGroup: `${groups}/new`,
  editGroup: (id: string) => `${groups}${segment(id)}`,
  copyGroup: (id: string) => `${groups}${segment(id)}/copy`,
  ipSetList: ipSets,
  addIpSet: `${ipSets}/new`,
  editIpSet: (id: string) => `${ipSets}${segment(id)}`,
  templateList: templates,
  addTemplate: `${templates}/new`,
  editTemplate: (id: string) => `${templates}${segment(id)}`,
  policyCheck: '/access-control/policy-check',
  serviceList: services,
  addSamlService: `${services}/new/saml`,
  addOidcClient: `${services}/new/oidc`,
  editService: (id: string) => `${services}${segment(id)}`,
} as const;

/** Fixed paths, each with its page. */
const staticRoutes = new Map<string, ConsoleRoute>([
  ['/', { page: 'home' }],
  [routePaths.userList, { page: 'userList' }],
  [routePaths.addUser, { page: 'addUser' }],
  [routePaths.domainSettings, { page: 'domainSettings' }],
  [routePaths.adminOperationLogs, { page: 'adminOperationLogs' }],
  [routePaths.accessLogs, { page: 'accessLogs' }],
  [routePaths.groupList, { page: 'groupList' }],
  [routePaths.addGroup, { page: 'addGroup' }],
  [routePaths.ipSetList, { page: 'ipSetList' }],
  [routePaths.addIpSet, { page: 'addIpSet' }],
  [routePaths.templateList, { page: 'templateList' }],
  [routePaths.addTemplate, { page: 'addTemplate' }],
  [routePaths.policyCheck, { page: 'policyCheck' }],
  [routePaths.serviceList, { page: 'serviceList' }],
  [routePaths.addSamlService, { page: 'addSamlService' }],
  [routePaths.addOidcClient, { page: 'addOidcClient' }],
]);

/** Paths with an id in them: the pattern's one group is the (encoded) id. */
const idRoutes: [RegExp, (id: string) => ConsoleRoute][] = [
  [/^\/users\/([^/]+)$/, (userId) => ({ page: 'userDetails', userId })],
  [/^\/users\/([^/]+)\/otp-setup$/, (userId) => ({ page: 'otpSetup', userId })],
  [new RegExp(`^${groups}/([^/]+)$`), (groupId) => ({ page: 'editGroup', groupId })],
  [new RegExp(`^${groups}/([^/]+)/copy$`), (groupId) => ({ page: 'copyGroup', groupId })],
  [new RegExp(`^${ipSets}/([^/]+)$`), (ipSetId) => ({ page: 'editIpSet', ipSetId })],
  [new RegExp(`^${templates}/([^/]+)$`), (templateId) => ({ page: 'editTemplate', templateId })],
  [new RegExp(`^${services}/([^/]+)$`), (serviceId) => ({ page: 'editService', serviceId })],
];

const comingSoonTitles = new Map(
  navigationSections.flatMap((section) =>
    section.items.filter((item) => item.comingSoon).map((item) => [item.path, item.label] as const),
  ),
);

export function matchRoute(path: string): ConsoleRoute {
  const normalized = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const fixed = staticRoutes.get(normalized);
  if (fixed) return fixed;

  for (const [pattern, route] of idRoutes) {
    const id = pattern.exec(normalized)?.[1];
    if (id) return route(decodeURIComponent(id));
  }

  const comingSoonTitle = comingSoonTitles.get(normalized);
  if (comingSoonTitle) return { page: 'comingSoon', title: comingSoonTitle };
  return { page: 'notFound' };
}
