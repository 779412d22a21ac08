import { sessionMethodOf } from '../../core/sso/oidc-authentication.js';
import type { Clock } from '../../core/clock.js';
import { insertAccessLog } from '../../store/access-log.js';
import type { Store } from '../../store/database.js';
import { insertEntrancePass, touchEntrancePass } from '../../store/entrance-passes.js';
import { findGroup } from '../../store/groups.js';
import { closePendingApprovalRequests } from '../../store/key-devices.js';
import { recordSignInSuccess } from '../../store/lockouts.js';
import { type RateReservation, releaseRate } from '../../store/rate-counters.js';
import type { EntrancePassRow, GroupRow, TenantRow, UserRow } from '../../store/schema.js';
import { insertSession } from '../../store/sessions.js';
import { rememberSignInAddress } from '../../store/sign-in-addresses.js';
import { deleteSignInAttempt } from '../../store/sign-in-attempts.js';
import type { AccessAttempt, AccessLogService } from '../access-log-service.js';
import { evaluationContextFor } from '../policy/decision-context.js';
import type { EntrancePassService } from '../policy/entrance-pass-service.js';
import type { PolicyCatalog } from '../policy/policy-catalog.js';
import type { SessionService } from '../session-service.js';
import type { SignInClient } from './sign-in-context.js';
import type { IssuedCookie, SignInOutcome } from './sign-in-outcome.js';
import type { SignInReturn } from './sign-in-return.js';

export interface CompletionInput {
  tenant: TenantRow;
  user: UserRow;
  keepMeLoggedIn: boolean;
  client: SignInClient;
  returnTo: SignInReturn;
  /** The OTP method passed on the way, if the sign-in had an OTP step. */
  otpMethod?: string;
  /** A passkey's authenticator verified the user (UV flag): the session keeps it for `amr` (`user`). */
  userVerified?: boolean;
  /** The passkey was the whole sign-in, with no password (issue 12): `amr` must not say `pwd`. */
  passwordless?: boolean;
  /** Counted-in-advance failures to give back: the password or the OTP answer was right. */
  releases: RateReservation[];
  rehashedPassword?: string;
  /** The attempt this completes: ending it is the claim, so of two right answers only one makes a session. */
  attemptId?: string;
  /** Already read by the password steps when the session directly follows the password. */
  group?: GroupRow;
  heldPass?: EntrancePassRow | null;
}

export type SignedIn = Extract<SignInOutcome, { kind: 'signed-in' }>;

class AttemptAlreadyClaimed extends Error {}

/**
 * The last step of every successful sign-in, in one transaction: the attempt ends, counters are given back,
 * lockout starts afresh, a brand-new session, the address becomes familiar, the entrance pass, the Access Log.
 */
export class SignInCompletion {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly sessions: SessionService,
    private readonly catalog: PolicyCatalog,
    private readonly passes: EntrancePassService,
    private readonly accessLog: AccessLogService,
  ) {}

  /** Null when another request completed (or ended) the same attempt first. */
  async complete(input: CompletionInput): Promise<SignedIn | null> {
    const { tenant, user, client } = input;
    const now = this.clock.now();
    const group = input.group ?? (await findGroup(this.store.db, tenant.id, user.group_id));
    const heldPass =
      input.heldPass !== undefined ? input.heldPass : await this.passes.validPass(user, client.passCookie);
    const { row: sessionRow, session } = this.sessions.newSession(user, {
      persistent: input.keepMeLoggedIn,
      ip: client.ip,
      userAgent: client.userAgent,
      lifetimeHours: group?.cookie_hours,
      otpMethod:
        input.otpMethod &&
        sessionMethodOf(input.otpMethod, {
          userVerified: input.userVerified ?? false,
          passwordless: input.passwordless ?? false,
        }),
    });
    let newPass: { row: EntrancePassRow; cookie: IssuedCookie } | undefined;
    if (!heldPass) {
      const context = evaluationContextFor(
        tenant,
        user,
        { ip: client.ip, now, pass: null },
        await this.catalog.policiesOf(tenant),
      );
      if (this.passes.shouldIssue(tenant, context))
        newPass = this.passes.newPass(tenant, user, client.ip, client.userAgent);
    }
    const attempt: AccessAttempt = {
      tenantId: tenant.id,
      loginId: user.login_id,
      userId: user.id,
      ip: client.ip,
      userAgent: client.userAgent,
      result: 'allowed',
      reason: 'allowed',
      otpMethod: input.otpMethod ?? '',
    };
    const logRow = this.accessLog.rowOf(attempt);
    try {
      await this.store.db.transaction().execute(async (trx) => {
        if (input.attemptId) {
          if (!(await deleteSignInAttempt(trx, input.attemptId))) throw new AttemptAlreadyClaimed();
          if (user.otp_type === 'gatehouse-key') await closePendingApprovalRequests(trx, input.attemptId, now);
        }
        for (const reservation of input.releases) await releaseRate(trx, reservation);
        await recordSignInSuccess(trx, tenant.id, user.id, now, input.rehashedPassword);
        await insertSession(trx, sessionRow);
        await rememberSignInAddress(trx, user.id, client.ip, now);
        if (heldPass) await touchEntrancePass(trx, heldPass.id, now);
        if (newPass) await insertEntrancePass(trx, newPass.row);
        await insertAccessLog(trx, logRow);
      });
    } catch (error) {
      if (error instanceof AttemptAlreadyClaimed) return null;
      throw error;
    }
    this.accessLog.countRecorded(attempt);
    return { kind: 'signed-in', user, session, pass: newPass?.cookie, returnTo: input.returnTo };
  }
}
