import type { Clock } from '../../core/clock.js';
import type { Store } from '../../store/database.js';
import { findGroup } from '../../store/groups.js';
import type { EntrancePassRow, GroupRow, TenantRow, UserRow } from '../../store/schema.js';
import { updateUser } from '../../store/users.js';
import type { AccessLogReason, AccessLogService } from '../access-log-service.js';
import type { LoginThrottle } from '../login-throttle.js';
import type { EmergencyTokenService } from '../otp/emergency-token-service.js';
import type { PasswordHasher } from '../password-hasher.js';
import type { EntrancePassService } from '../policy/entrance-pass-service.js';
import type { PolicyCatalog } from '../policy/policy-catalog.js';
import { evaluationContextFor } from '../policy/decision-context.js';
import type { NewSession, SessionService } from '../session-service.js';
import {
  refuseDisabledAccount,
  refuseLockedAccount,
  throttleClientAddress,
  verifyPassword,
} from './credential-steps.js';
import { decideOtpStep, evaluateGroupPolicy } from './policy-steps.js';
import type { SignInContext, SignInRequest, SignInStep } from './sign-in-context.js';
import type { NewSignInAttempt, SignInAttemptService } from './sign-in-attempt-service.js';

export interface SignedIn {
  outcome: 'signed-in';
  user: UserRow;
  session: NewSession;
  /** A new entrance pass for this browser, when the tenant's conditions issued one. */
  pass?: { cookieValue: string; expiresAt: number };
  next: string;
}

export type SignInResult =
  | SignedIn
  | { outcome: 'otp-required'; stage: 'otp' | 'otp-setup'; attempt: NewSignInAttempt }
  | { outcome: 'denied'; reason: AccessLogReason; httpStatus: number; message: string; user?: UserRow };

/** What the final step needs to know, whether it follows the password directly or an OTP step later. */
export interface CompletedChecks {
  tenant: TenantRow;
  user: UserRow;
  keepMeLoggedIn: boolean;
  ip: string;
  userAgent: string;
  next: string;
  passCookie?: string;
  otpMethod: string;
  /** Already looked up by the steps when the session directly follows the password: no need to read them again. */
  group?: GroupRow;
  heldPass?: EntrancePassRow | null;
}

/**
 * The sign-in sequence of SPEC §5.1 as an ordered list of small named steps: throttle → locked → password →
 * disabled → group policy (allow condition, OTP decision) → [OTP step, in SignInAttemptService] → session →
 * entrance pass. Gatehouse Key's push approval joins at the OTP step.
 */
export class SignInService {
  readonly steps: readonly SignInStep[];

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    hasher: PasswordHasher,
    private readonly sessions: SessionService,
    throttle: LoginThrottle,
    private readonly catalog: PolicyCatalog,
    private readonly passes: EntrancePassService,
    tokens: EmergencyTokenService,
    private readonly accessLog: AccessLogService,
    private readonly attempts: SignInAttemptService,
  ) {
    this.steps = [
      throttleClientAddress(throttle),
      refuseLockedAccount(store),
      verifyPassword(store, hasher, throttle),
      refuseDisabledAccount,
      evaluateGroupPolicy(store, catalog, passes),
      decideOtpStep(tokens),
    ];
  }

  async signIn(request: SignInRequest): Promise<SignInResult> {
    const context: SignInContext = { request, now: this.clock.now() };
    for (const step of this.steps) {
      const result = await step.run(context);
      if (result.outcome === 'deny') {
        await this.logDenied(request, context.user, result.reason);
        return {
          outcome: 'denied',
          reason: result.reason,
          httpStatus: result.httpStatus,
          message: result.message,
          user: context.user,
        };
      }
    }
    const user = context.user as UserRow;
    if (context.otpStage) {
      const attempt = await this.attempts.begin(request, user, context.otpStage);
      return { outcome: 'otp-required', stage: context.otpStage, attempt };
    }
    return this.complete({
      tenant: request.tenant,
      user,
      keepMeLoggedIn: request.keepMeLoggedIn,
      ip: request.ip,
      userAgent: request.userAgent,
      next: request.next,
      passCookie: request.passCookie,
      otpMethod: '',
      group: context.group,
      heldPass: context.pass,
    });
  }

  /** The last steps, after every check passed: a brand-new session, the entrance pass, the Access Log entry. */
  async complete(checks: CompletedChecks): Promise<SignedIn> {
    const { tenant, user } = checks;
    const now = this.clock.now();
    await updateUser(this.store.db, tenant.id, user.id, { failed_login_count: 0, locked_until: 0, last_login_at: now });
    const group = checks.group ?? (await findGroup(this.store.db, tenant.id, user.group_id));
    const session = await this.sessions.create(user, {
      persistent: checks.keepMeLoggedIn,
      ip: checks.ip,
      userAgent: checks.userAgent,
      lifetimeHours: group?.cookie_hours,
      otpMethod: checks.otpMethod || undefined,
    });
    const heldPass =
      checks.heldPass !== undefined ? checks.heldPass : await this.passes.validPass(user, checks.passCookie);
    let pass: SignedIn['pass'];
    if (heldPass) {
      await this.passes.markUsed(heldPass);
    } else {
      const context = evaluationContextFor(
        tenant,
        user,
        { ip: checks.ip, now, pass: null },
        await this.catalog.policiesOf(tenant),
      );
      if (this.passes.shouldIssue(tenant, context))
        pass = await this.passes.issue(tenant, user, checks.ip, checks.userAgent);
    }
    await this.accessLog.record({
      tenantId: tenant.id,
      loginId: user.login_id,
      userId: user.id,
      ip: checks.ip,
      userAgent: checks.userAgent,
      result: 'allowed',
      reason: 'allowed',
      otpMethod: checks.otpMethod,
    });
    return { outcome: 'signed-in', user, session, pass, next: checks.next };
  }

  private async logDenied(request: SignInRequest, user: UserRow | undefined, reason: AccessLogReason): Promise<void> {
    await this.accessLog.record({
      tenantId: request.tenant.id,
      loginId: user?.login_id ?? request.loginId,
      userId: user?.id,
      ip: request.ip,
      userAgent: request.userAgent,
      result: 'denied',
      reason,
    });
  }
}
