import { loggedOtpMethodOf } from '../../core/sso/oidc-authentication.js';
import type { AccessLogReason } from '../../core/access-log-reasons.js';
import type { TenantRow } from '../../store/schema.js';
import type { AccessLogService } from '../access-log-service.js';
import type { ActiveSession } from '../session-service.js';
import type { SignInClient } from '../sign-in/sign-in-context.js';

/**
 * The Access Log entry of a single sign-on request, SAML or OpenID Connect: the service's name, the browser, who is
 * signed in if anybody. Every entry of a refusal or a step-up is a denial; only the answer that signs the user in
 * to the service is allowed.
 */
export function recordSsoAccess(
  accessLog: AccessLogService,
  entry: {
    tenant: TenantRow;
    client: SignInClient;
    reason: AccessLogReason;
    service: string;
    active: ActiveSession | null;
  },
): Promise<void> {
  const { tenant, client, reason, service, active } = entry;
  return accessLog.record({
    tenantId: tenant.id,
    loginId: active?.user.login_id ?? '',
    userId: active?.user.id,
    ip: client.ip,
    userAgent: client.userAgent,
    service: service.slice(0, 256),
    result: reason === 'allowed' ? 'allowed' : 'denied',
    reason,
    otpMethod: loggedOtpMethodOf(active?.session.otp_method ?? ''),
  });
}
