import type { SortOrder } from '../components/SortableHeader';

/** The User List's search, filters, sort and page: kept in the page URL and sent as-is to GET /users. */
export interface UserListQuery {
  q: string;
  status: string;
  role: string;
  otpType: string;
  /** An Access Policy Group id. */
  groupId: string;
  loggedIn: string;
  lastLoginFrom: string;
  lastLoginTo: string;
  sort: UserSortField;
  order: SortOrder;
  cursor: string;
}

export type UserSortField = 'loginId' | 'displayName' | 'email' | 'status' | 'role' | 'createdAt' | 'lastLoginAt';

const sortFields: readonly UserSortField[] = [
  'loginId',
  'displayName',
  'email',
  'status',
  'role',
  'createdAt',
  'lastLoginAt',
];
const filterNames = ['q', 'status', 'role', 'otpType', 'groupId', 'loggedIn', 'lastLoginFrom', 'lastLoginTo'] as const;

export function parseUserListQuery(params: URLSearchParams): UserListQuery {
  const sort = params.get('sort');
  return {
    q: params.get('q') ?? '',
    status: params.get('status') ?? '',
    role: params.get('role') ?? '',
    otpType: params.get('otpType') ?? '',
    groupId: params.get('groupId') ?? '',
    loggedIn: params.get('loggedIn') ?? '',
    lastLoginFrom: params.get('lastLoginFrom') ?? '',
    lastLoginTo: params.get('lastLoginTo') ?? '',
    sort: sortFields.find((field) => field === sort) ?? 'loginId',
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
    cursor: params.get('cursor') ?? '',
  };
}

/** Query parameters with empty values left out; `cursor` only when `withCursor`. */
export function userListParams(query: UserListQuery, { withCursor }: { withCursor: boolean }): Record<string, string> {
  const params: Record<string, string> = {};
  for (const name of filterNames) {
    if (query[name]) params[name] = query[name];
  }
  params.sort = query.sort;
  params.order = query.order;
  if (withCursor && query.cursor) params.cursor = query.cursor;
  return params;
}

export function userListSearch(query: UserListQuery): string {
  return new URLSearchParams(userListParams(query, { withCursor: true })).toString();
}

/** The next state after a click on a column header: a new column sorts ascending, the same one flips. */
export function sortedBy(query: UserListQuery, field: UserSortField): UserListQuery {
  const order = query.sort === field && query.order === 'asc' ? 'desc' : 'asc';
  return { ...query, sort: field, order, cursor: '' };
}
