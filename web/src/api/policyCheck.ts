// Policy Check (docs/admin-api.md, "Policy Check"): what a sign-in with these facts would do; nothing is written.
import type { PolicyCheckQuery, PolicyCheckResult } from '@contract/admin-api';
import type { ApiClient } from './client';

/** It reads and writes nothing, so it is a GET: the facts travel in the query string. */
export const checkPolicy = (api: ApiClient, { userId, ip, at, hasPass, passAgeDays, serviceId }: PolicyCheckQuery) =>
  api.get<PolicyCheckResult>('/policy-check', {
    userId,
    ip,
    at,
    hasPass: String(hasPass),
    passAgeDays: passAgeDays === undefined ? undefined : String(passAgeDays),
    serviceId,
  });
