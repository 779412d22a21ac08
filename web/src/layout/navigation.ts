/** The console menu; its labels are part of the product (SPEC.md) and what browser tests click. */
export interface NavigationItem {
  label: string;
  path: string;
  /** Not built yet: the route shows a "coming soon" page. */
  comingSoon?: true;
}

export interface NavigationSection {
  label: string;
  items: NavigationItem[];
}

export const navigationSections: NavigationSection[] = [
  {
    label: 'System',
    items: [
      { label: 'Domain Settings', path: '/system/domain-settings' },
      { label: 'Connected Services', path: '/system/connected-services' },
    ],
  },
  {
    label: 'Users',
    items: [{ label: 'User List', path: '/users' }],
  },
  {
    label: 'Access Control',
    items: [
      { label: 'Access Policy Groups', path: '/access-control/access-policy-groups' },
      { label: 'IP Sets', path: '/access-control/ip-sets' },
      { label: 'Access Policy Templates', path: '/access-control/access-policy-templates' },
      { label: 'Policy Check', path: '/access-control/policy-check' },
    ],
  },
  {
    label: 'Log Management',
    items: [
      { label: 'Access Logs', path: '/logs/access' },
      { label: 'Admin Operation Logs', path: '/logs/admin-operations' },
    ],
  },
];

/** Whether `item` is the menu entry for the page at `path` (or one of its sub-pages). */
export function isActiveItem(item: NavigationItem, path: string): boolean {
  return path === item.path || path.startsWith(`${item.path}/`);
}
