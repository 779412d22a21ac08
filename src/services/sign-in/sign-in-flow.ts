import type { Clock } from '../../core/clock.js';
import { ADMIN_PASSKEY_MESSAGES, PASSKEY_SIGN_IN_MESSAGES, SIGN_IN_MESSAGES } from '../../core/messages.js';
import type { OtpType } from '../../core/otp/otp-types.js';
import type { Store } from '../../store/database.js';
import type { TenantRow } from '../../store/schema.js';
import { updateUser } from '../../store/users.js';
import { findService } from '../../store/connected-services.js';
import { findSsoRequest } from '../../store/sso-requests.js';
import type { AccessLogReason, AccessLogService } from '../access-log-service.js';
import { TooSoonError } from '../errors.js';
import type { ApprovalService } from '../key/approval-service.js';
import type { KeyEnrolmentService } from '../key/key-enrolment-service.js';
import { MailNotSentError } from '../mail-service.js';
import type { EmergencyTokenService } from '../otp/emergency-token-service.js';
import type { OtpVerifier } from '../otp/otp-verifier.js';
import type { PasskeyAuthentication } from '../passkeys/passkey-authentication.js';
import type { RelyingParty } from '../passkeys/relying-party.js';
import type { PasswordHasher } from '../password-hasher.js';
import { adminOtpAppliesTo } from '../policy/admin-otp-enforcement.js';
import { adminPasskeyAppliesTo } from '../policy/admin-passkey-requirement.js';
import type { EntrancePassService } from '../policy/entrance-pass-service.js';
import type { PolicyCatalog } from '../policy/policy-catalog.js';
import { settingsOf } from '../tenant-service.js';
import {
  findAccount,
  refuseDisabledAccount,
  reserveAccountFailure,
  reserveClientAddress,
  verifyPassword,
} from './credential-steps.js';
import { type AccountLockout, lockoutRulesOf } from './guards/account-lockout.js';
import type { FamiliarClients } from './guards/familiar-clients.js';
import type { OtpAnswers } from './guards/otp-answers.js';
import type { RateGuard } from './guards/rate-guard.js';
import { decideOtpStep, evaluateGroupPolicy } from './policy-steps.js';
import { MAX_OTP_TRIES, type PendingSignIn, type SignInAttempts } from './sign-in-attempts.js';
import type { SignInCompletion } from './sign-in-completion.js';
import type { PasswordSubmission, SignInClient, SignInContext, SignInStep } from './sign-in-context.js';
import type { PushState, SignInOutcome, SignInStage } from './sign-in-outcome.js';
import { returnOf } from './sign-in-return.js';
import type { EmailCodeVerifier } from './verifiers/email-code-verifier.js';
import { EmergencyTokenVerifier } from './verifiers/emergency-token-verifier.js';
import { KeyPushVerifier } from './verifiers/key-push-verifier.js';
import type { OtpMethodVerifier, OtpProof, Verification } from './verifiers/otp-method-verifier.js';
import { PasskeyVerifier } from './verifiers/passkey-verifier.js';
import { TotpCodeVerifier } from './verifiers/totp-code-verifier.js';

export interface SignInFlowDependencies {
  store: Store;
  clock: Clock;
  hasher: PasswordHasher;
  addressThrottle: RateGuard;
  lockout: AccountLockout;
  familiar: FamiliarClients;
  catalog: PolicyCatalog;
  passes: EntrancePassService;
  tokens: EmergencyTokenService;
  totp: OtpVerifier;
  emailCodes: EmailCodeVerifier;
  approvals: ApprovalService;
  keyDevices: KeyEnrolmentService;
  answers: OtpAnswers;
  attempts: SignInAttempts;
  completion: SignInCompletion;
  accessLog: AccessLogService;
  passkeys: PasskeyAuthentication;
}

type LoginForm = Extract<SignInOutcome, { kind: 'login-form' }>;

const loginForm = (
  status: LoginForm['status'],
  reason: AccessLogReason,
  message: string,
  loginId?: string,
): LoginForm => ({
  kind: 'login-form',
  status,
  reason,
  message,
  loginId,
});

const PUSH_FAILURE_MESSAGES: Record<Exclude<PushState, 'pending'>, string> = {
  expired: SIGN_IN_MESSAGES.approvalExpired,
  rejected: SIGN_IN_MESSAGES.rejectedOnDevice,
  'wrong-number': SIGN_IN_MESSAGES.wrongNumberOnDevice,
};

/**
 * The whole sign-in of SPEC §5.1, from password to session, as one flow. The password half is an ordered list of
 * small named steps (throttle → account → lockout → password → disabled → group policy → OTP decision); the OTP
 * half asks one verifier per method (authenticator app, email code, emergency token, Gatehouse Key push), counts
 * every answer the same way, takes an administrator through forced OTP setup (§5.3), and completes in one
 * transaction. Each call answers an outcome; where the user returns afterwards travels with the attempt.
 */
export class SignInFlow {
  readonly passwordSteps: readonly SignInStep[];
  private readonly verifiers: readonly OtpMethodVerifier[];
  private readonly push: KeyPushVerifier;

  constructor(private readonly deps: SignInFlowDependencies) {
    this.passwordSteps = [
      reserveClientAddress(deps.addressThrottle),
      findAccount(deps.store, deps.lockout),
      reserveAccountFailure(deps.lockout, deps.familiar),
      verifyPassword(deps.hasher),
      refuseDisabledAccount,
      evaluateGroupPolicy(deps.store, deps.catalog, deps.passes),
      decideOtpStep(deps.tokens, (user) => deps.passkeys.hasPasskeys(user)),
    ];
    this.push = new KeyPushVerifier(deps.approvals);
    this.verifiers = [
      new TotpCodeVerifier(deps.totp),
      deps.emailCodes,
      new EmergencyTokenVerifier(deps.tokens),
      this.push,
      new PasskeyVerifier(deps.passkeys),
    ];
  }

  /** POST of the login form. */
  async submitPassword(request: PasswordSubmission): Promise<SignInOutcome> {
    const { tenant, client } = request;
    const keepMeLoggedIn = settingsOf(tenant).showKeepMeLoggedIn && request.keepMeLoggedIn;
    const context: SignInContext = { request: { ...request, keepMeLoggedIn }, now: this.deps.clock.now() };
    for (const step of this.passwordSteps) {
      const result = await step.run(context);
      if (result.outcome === 'continue') continue;
      // A right password is no guess: what was counted in advance goes back, whatever refused the sign-in then.
      if (context.passwordMatched) await this.releasePasswordReservations(context);
      await this.logDenied(tenant, context.user?.login_id ?? request.loginId, context.user?.id, client, result.reason);
      return loginForm(result.httpStatus, result.reason, result.message, request.loginId);
    }
    const user = context.user!;
    if (context.otpStage) {
      await this.releasePasswordReservations(context);
      if (context.rehashedPassword)
        await updateUser(this.deps.store.db, tenant.id, user.id, { password_hash: context.rehashedPassword });
      const attempt = await this.deps.attempts.begin(tenant, user, {
        stage: context.otpStage,
        keepMeLoggedIn,
        returnTo: request.returnTo,
        ip: client.ip,
      });
      return { kind: 'go-to-step', step: context.otpStage, attempt };
    }
    const signedIn = await this.deps.completion.complete({
      tenant,
      user,
      keepMeLoggedIn,
      client,
      returnTo: request.returnTo,
      releases: context.addressReservation ? [context.addressReservation] : [],
      rehashedPassword: context.rehashedPassword,
      group: context.group,
      heldPass: context.pass,
    });
    return signedIn ?? loginForm(401, 'invalid-credentials', SIGN_IN_MESSAGES.signInExpired);
  }

  /** GET of the OTP step: the approval number for Gatehouse Key users (unless they asked to type a code), else the code input. */
  async showOtpStep(tenant: TenantRow, cookie: string | undefined, client: SignInClient, codeInstead: boolean) {
    const pending = await this.pendingAt(tenant, cookie, client, 'otp');
    if ('kind' in pending) return pending;
    if (await this.passkeyOnly(pending)) return this.codeChallenge(pending, 200);
    if (!codeInstead && (await this.usesPush(pending))) {
      const latest = await this.deps.approvals.latestOf(pending);
      return latest ? this.checkPushOf(pending, client) : this.sendPush(pending, client);
    }
    try {
      await this.deps.emailCodes.sendIfNeeded(pending);
    } catch (error) {
      if (!(error instanceof MailNotSentError)) throw error;
      return this.codeChallenge(pending, 502, { error: error.message });
    }
    return this.codeChallenge(pending, 200);
  }

  /** POST of the One-Time Password input: a code of the user's method, or an emergency token. */
  answerCode(tenant: TenantRow, cookie: string | undefined, client: SignInClient, code: string) {
    return this.answer(tenant, cookie, client, { kind: 'code', value: code });
  }

  /**
   * "Use a passkey", first step: request options for the user's passkeys, with a challenge bound to this attempt.
   * Answers an outcome instead when the attempt is gone, or the user has no passkey; refuses (403) when the user's
   * group does not allow passkeys.
   */
  async passkeyOptions(tenant: TenantRow, cookie: string | undefined, client: SignInClient, rp: RelyingParty) {
    const pending = await this.pendingAt(tenant, cookie, client, 'otp');
    if ('kind' in pending) return pending;
    if (!(await this.deps.passkeys.ownsPasskeys(pending.user))) return this.expired();
    return { optionsJSON: await this.deps.passkeys.options(pending.attempt.id, pending.user, rp) };
  }

  /** "Use a passkey", second step: the assertion, counted and limited exactly like a typed code. */
  answerPasskey(
    tenant: TenantRow,
    cookie: string | undefined,
    client: SignInClient,
    rp: RelyingParty,
    response: string,
  ) {
    return this.answer(tenant, cookie, client, { kind: 'passkey', response, rp });
  }

  /**
   * Every answer at the OTP step goes the same way: one try of the attempt and one unit of the address throttle and
   * of the account's OTP failure limit are claimed before the (possibly expensive) check; a right answer gives the
   * units back inside the completion, a wrong one keeps them and counts towards lockout.
   */
  private async answer(tenant: TenantRow, cookie: string | undefined, client: SignInClient, proof: OtpProof) {
    const pending = await this.pendingAt(tenant, cookie, client, 'otp');
    if ('kind' in pending) return pending;
    const { user } = pending;
    const tried = await this.deps.attempts.claimTry(pending);
    if (tried === 'gone') return this.expired();
    if (tried === 'exhausted')
      return this.endAttempt(pending, client, 401, 'otp-too-many-attempts', SIGN_IN_MESSAGES.tooManyOtpTries);
    // Not even looked at: a code, an emergency token or a push can be phished, which is what the rule rules out.
    if (proof.kind !== 'passkey' && (await this.passkeyOnly(pending))) return this.refuseNonPasskey(pending, client);
    const reservation = await this.deps.answers.reserve(user, client.ip);
    if (reservation === 'throttled')
      return this.endAttempt(pending, client, 429, 'throttled', SIGN_IN_MESSAGES.tooManyAttempts);
    if (reservation === 'otp-limit')
      return this.endAttempt(pending, client, 429, 'otp-limit', SIGN_IN_MESSAGES.otpLimit);
    const verifier = this.verifiers.find((candidate) => candidate.accepts(pending, proof));
    const verification: Verification = verifier ? await verifier.verify(pending, proof) : { result: 'failed' };
    if (verification.result === 'passed') {
      if (await this.needsPasskeyAfter(pending)) {
        await this.deps.answers.release(reservation);
        return this.toPasskeySetup(pending);
      }
      if (this.needsSetupAfter(pending, verification.method)) {
        await this.deps.answers.release(reservation);
        if (!(await this.deps.attempts.moveToSetup(pending, verification.method))) return this.expired();
        return { kind: 'go-to-step', step: 'otp-setup' } satisfies SignInOutcome;
      }
      return this.complete(
        pending,
        client,
        verification.method,
        this.deps.answers.reservationsOf(reservation),
        verification.userVerified,
      );
    }
    const reason = (verification.result === 'failed' && verification.reason) || 'otp-invalid';
    const lockout = await this.deps.answers.countWrong({
      tenant,
      user,
      ip: client.ip,
      userAgent: client.userAgent,
      reason,
      otpMethod: proof.kind === 'passkey' ? 'passkey' : user.otp_type,
    });
    // A counter that went backwards may be a cloned authenticator: this sign-in ends here, whatever tries are left.
    if (reason === 'passkey-counter-regressed') {
      await this.deps.attempts.end(pending.attempt.id);
      return loginForm(403, reason, PASSKEY_SIGN_IN_MESSAGES.counterRegressed, user.login_id);
    }
    const rules = lockoutRulesOf(tenant);
    if (await this.deps.lockout.keepsOut(lockout, rules, () => this.deps.familiar.isFamiliar(user, client)))
      return this.endAttempt(pending, client, 403, 'account-locked', SIGN_IN_MESSAGES.accountLocked);
    if (MAX_OTP_TRIES - pending.attempt.otp_tries - 1 <= 0)
      return this.endAttempt(pending, client, 401, 'otp-too-many-attempts', SIGN_IN_MESSAGES.tooManyOtpTries);
    const message = (verification.result === 'failed' && verification.message) || SIGN_IN_MESSAGES.invalidOtp;
    return this.codeChallenge(pending, 400, { error: message });
  }

  /** POST of the approval page (by its script once the device answered, or by "Continue"). */
  async checkPush(tenant: TenantRow, cookie: string | undefined, client: SignInClient) {
    const pending = await this.pendingAt(tenant, cookie, client, 'otp');
    if ('kind' in pending) return pending;
    if (await this.passkeyOnly(pending)) return this.refuseNonPasskey(pending, client);
    return this.checkPushOf(pending, client);
  }

  /** "Send a new request". */
  async sendNewPush(tenant: TenantRow, cookie: string | undefined, client: SignInClient) {
    const pending = await this.pendingAt(tenant, cookie, client, 'otp');
    if ('kind' in pending) return pending;
    if (await this.passkeyOnly(pending)) return this.refuseNonPasskey(pending, client);
    return this.sendPush(pending, client);
  }

  /** What the approval page's script polls: the state of the latest request, or `ended`. */
  async pushStatus(tenant: TenantRow, cookie: string | undefined, client: SignInClient): Promise<string> {
    const resolved = await this.deps.attempts.resolve(tenant, cookie, client);
    if (resolved.state !== 'pending') return 'ended';
    const latest = await this.deps.approvals.latestOf(resolved.pending);
    return latest ? this.deps.approvals.statusOf(latest) : 'ended';
  }

  async resendEmailCode(tenant: TenantRow, cookie: string | undefined, client: SignInClient) {
    const pending = await this.pendingAt(tenant, cookie, client, 'otp');
    if ('kind' in pending) return pending;
    if (await this.passkeyOnly(pending)) return this.refuseNonPasskey(pending, client);
    try {
      await this.deps.emailCodes.resend(pending);
    } catch (error) {
      if (error instanceof TooSoonError) return this.codeChallenge(pending, 429, { error: error.message });
      if (error instanceof MailNotSentError) return this.codeChallenge(pending, 502, { error: error.message });
      throw error;
    }
    return this.codeChallenge(pending, 200, { notice: 'A new code has been sent.' });
  }

  /** The attempt in forced OTP setup (SPEC §5.3), or where to go instead. */
  setupInProgress(tenant: TenantRow, cookie: string | undefined, client: SignInClient) {
    return this.pendingAt(tenant, cookie, client, 'otp-setup');
  }

  /** The attempt at forced passkey setup (SPEC §3.4), or where to go instead. */
  passkeySetupInProgress(tenant: TenantRow, cookie: string | undefined, client: SignInClient) {
    return this.pendingAt(tenant, cookie, client, 'passkey-setup');
  }

  /**
   * Forced passkey setup stored the admin's first passkey: back to the OTP step, where that passkey must answer, so
   * that the session is a passkey sign-in like every other of theirs from now on.
   */
  async passkeyAdded(tenant: TenantRow, cookie: string | undefined, client: SignInClient): Promise<SignInOutcome> {
    const pending = await this.pendingAt(tenant, cookie, client, 'passkey-setup');
    if ('kind' in pending) return pending;
    if (!(await this.deps.attempts.backToOtpStep(pending))) return this.expired();
    return { kind: 'go-to-step', step: 'otp' };
  }

  /** Forced OTP setup registered `otpType`: the sign-in completes with it. */
  async completeSetup(tenant: TenantRow, cookie: string | undefined, client: SignInClient, otpType: OtpType) {
    const pending = await this.pendingAt(tenant, cookie, client, 'otp-setup');
    if ('kind' in pending) return pending;
    return this.complete({ ...pending, user: { ...pending.user, otp_type: otpType } }, client, otpType, []);
  }

  private async checkPushOf(pending: PendingSignIn, client: SignInClient): Promise<SignInOutcome> {
    const verification = await this.push.verify(pending);
    if (verification.result === 'passed' && (await this.needsPasskeyAfter(pending)))
      return this.toPasskeySetup(pending);
    if (verification.result === 'passed') return this.complete(pending, client, verification.method, []);
    const latest = await this.deps.approvals.latestOf(pending);
    const state: PushState = verification.result === 'waiting' ? 'pending' : (verification.push ?? 'expired');
    return this.pushApproval(pending, state, state === 'pending' ? (latest?.number ?? null) : null);
  }

  private async sendPush(pending: PendingSignIn, client: SignInClient): Promise<SignInOutcome> {
    const sent = await this.deps.approvals.send(pending, client, await this.serviceOfReturn(pending));
    if (sent.sent) return this.pushApproval(pending, 'pending', sent.request.number);
    if (sent.reason === 'otp-limit')
      return this.endAttempt(pending, client, 429, 'otp-limit', SIGN_IN_MESSAGES.otpLimit);
    const error =
      sent.reason === 'attempt-limit'
        ? SIGN_IN_MESSAGES.noMoreApprovalRequests
        : SIGN_IN_MESSAGES.tooManyApprovalRequests;
    // Without any request to show, the code input is the way on; otherwise the page says why no new one came.
    const latest = await this.deps.approvals.latestOf(pending);
    if (!latest) return this.codeChallenge(pending, 200, { error });
    return {
      kind: 'push-approval',
      state: 'expired',
      number: null,
      canRequestAgain: false,
      passkeyOffered: await this.deps.passkeys.hasPasskeys(pending.user),
      error,
    };
  }

  /**
   * The service a sign-in is for when it returns to a waiting single sign-on request: Gatehouse Key shows its name,
   * so that the user approves "Timesheets", not a sign-in to the portal they never opened.
   */
  private async serviceOfReturn(pending: PendingSignIn): Promise<string | undefined> {
    const { attempt, user } = pending;
    if (attempt.return_kind !== 'sso') return undefined;
    const request = await findSsoRequest(this.deps.store.db, user.tenant_id, attempt.return_to);
    const service = request && (await findService(this.deps.store.db, user.tenant_id, request.service_id));
    return service ? service.name : undefined;
  }

  private async pushApproval(pending: PendingSignIn, state: PushState, number: number | null): Promise<SignInOutcome> {
    return {
      kind: 'push-approval',
      state,
      number,
      canRequestAgain: this.deps.approvals.canSendAnother(pending),
      passkeyOffered: await this.deps.passkeys.hasPasskeys(pending.user),
      error: state === 'pending' ? undefined : PUSH_FAILURE_MESSAGES[state],
    };
  }

  private async usesPush(pending: PendingSignIn): Promise<boolean> {
    const { tenant, user } = pending;
    return user.otp_type === 'gatehouse-key' && (await this.deps.keyDevices.deviceOf(tenant, user.id)) !== undefined;
  }

  /**
   * Phishing-resistant sign-in for admins applies to this attempt's user (SPEC §3.4) and they have a passkey: only it
   * answers. One who has none yet answers with their usual method once, and adds a passkey next.
   */
  private async passkeyOnly({ tenant, user }: PendingSignIn): Promise<boolean> {
    return adminPasskeyAppliesTo(tenant, user, this.deps.clock.now()) && (await this.deps.passkeys.ownsPasskeys(user));
  }

  private async needsPasskeyAfter({ tenant, user }: PendingSignIn): Promise<boolean> {
    return adminPasskeyAppliesTo(tenant, user, this.deps.clock.now()) && !(await this.deps.passkeys.ownsPasskeys(user));
  }

  private async toPasskeySetup(pending: PendingSignIn): Promise<SignInOutcome> {
    if (!(await this.deps.attempts.moveToPasskeySetup(pending))) return this.expired();
    return { kind: 'go-to-step', step: 'passkey-setup' };
  }

  /** Any other answer is refused with the reason, logged, and the page offers only "Use a passkey". */
  private async refuseNonPasskey(pending: PendingSignIn, client: SignInClient): Promise<SignInOutcome> {
    const { tenant, user } = pending;
    await this.logDenied(tenant, user.login_id, user.id, client, 'admin-passkey-required', user.otp_type);
    return this.codeChallenge(pending, 400, { error: ADMIN_PASSKEY_MESSAGES.passkeyOnly });
  }

  /** An administrator caught by enforcement without an OTP method passed with an emergency token: setup follows. */
  private needsSetupAfter({ tenant, user }: PendingSignIn, method: string): boolean {
    return (
      method === 'emergency-token' && user.otp_type === 'none' && adminOtpAppliesTo(tenant, user, this.deps.clock.now())
    );
  }

  private async complete(
    pending: PendingSignIn,
    client: SignInClient,
    otpMethod: string,
    releases: Parameters<SignInCompletion['complete']>[0]['releases'],
    userVerified = false,
  ): Promise<SignInOutcome> {
    const { tenant, user, attempt } = pending;
    const signedIn = await this.deps.completion.complete({
      tenant,
      user,
      keepMeLoggedIn: attempt.keep_me_logged_in === 1,
      client,
      returnTo: returnOf(attempt, `/portal/${tenant.domain}/`),
      otpMethod: attempt.otp_method || otpMethod,
      userVerified,
      releases,
      attemptId: attempt.id,
    });
    return signedIn ?? this.expired();
  }

  /** The attempt behind the cookie at `stage`, or the outcome that takes the browser where it belongs. */
  private async pendingAt(
    tenant: TenantRow,
    cookie: string | undefined,
    client: SignInClient,
    stage: SignInStage,
  ): Promise<PendingSignIn | SignInOutcome> {
    const resolved = await this.deps.attempts.resolve(tenant, cookie, client);
    if (resolved.state === 'gone') return this.expired();
    if (resolved.state === 'reported' || resolved.state === 'locked') {
      await this.deps.attempts.end(resolved.attemptId);
      return resolved.state === 'reported'
        ? loginForm(403, 'otp-reported', SIGN_IN_MESSAGES.reportedOnDevice, resolved.loginId)
        : loginForm(403, 'account-locked', SIGN_IN_MESSAGES.accountLocked, resolved.loginId);
    }
    const { pending } = resolved;
    if (pending.attempt.stage !== stage) return { kind: 'go-to-step', step: pending.attempt.stage as SignInStage };
    return pending;
  }

  private async codeChallenge(
    { tenant, user }: PendingSignIn,
    status: 200 | 400 | 429 | 502,
    extra: { error?: string; notice?: string } = {},
  ): Promise<SignInOutcome> {
    // One look at the user's passkeys for all three answers (this page is shown at every OTP step).
    const requiredOfAdmin = adminPasskeyAppliesTo(tenant, user, this.deps.clock.now());
    const owns = await this.deps.passkeys.ownsPasskeys(user);
    return {
      kind: 'code-challenge',
      status,
      otpType: user.otp_type as OtpType,
      // As hasPasskeys: one they own, and the group allows them (the admin rule allows them whatever the group).
      passkeyOffered: owns && (requiredOfAdmin || (await this.deps.passkeys.rulesFor(user)).allowed),
      passkeyOnly: requiredOfAdmin && owns,
      passkeySetupNext: requiredOfAdmin && !owns,
      maskedEmail: user.otp_email ? maskEmail(user.otp_email) : undefined,
      ...extra,
    };
  }

  private async endAttempt(
    pending: PendingSignIn,
    client: SignInClient,
    status: LoginForm['status'],
    reason: AccessLogReason,
    message: string,
  ): Promise<SignInOutcome> {
    await this.deps.attempts.end(pending.attempt.id);
    await this.logDenied(pending.tenant, pending.user.login_id, pending.user.id, client, reason, pending.user.otp_type);
    return loginForm(status, reason, message, pending.user.login_id);
  }

  private expired(): LoginForm {
    return loginForm(401, 'otp-expired', SIGN_IN_MESSAGES.signInExpired);
  }

  private async releasePasswordReservations(context: SignInContext): Promise<void> {
    if (context.addressReservation) await this.deps.addressThrottle.release(context.addressReservation);
    if (context.accountReservation)
      await this.deps.lockout.release(context.accountReservation, lockoutRulesOf(context.request.tenant));
  }

  private async logDenied(
    tenant: TenantRow,
    loginId: string,
    userId: string | undefined,
    client: SignInClient,
    reason: AccessLogReason,
    otpMethod?: string,
  ): Promise<void> {
    await this.deps.accessLog.record({
      tenantId: tenant.id,
      loginId,
      userId,
      ip: client.ip,
      userAgent: client.userAgent,
      result: 'denied',
      reason,
      otpMethod,
    });
  }
}

/** `a••••@example.com`: enough for the user to recognise their address, not enough to learn someone else's. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}${'•'.repeat(Math.max(1, Math.min(local.length - 1, 6)))}@${domain}`;
}
