/** The User List columns a client may sort by (SPEC §2, "sortable columns"). */
export const USER_SORT_KEYS = [
  'loginId',
  'displayName',
  'email',
  'status',
  'role',
  'createdAt',
  'lastLoginAt',
] as const;
export type UserSortKey = (typeof USER_SORT_KEYS)[number];
