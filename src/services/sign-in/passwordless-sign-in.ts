import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { Clock } from '../../core/clock.js';
import { PASSWORDLESS_SIGN_IN_MESSAGES, SIGN_IN_MESSAGES } from '../../core/messages.js';
import type { Store } from '../../store/database.js';
import { anyGroupAllowsPasswordless } from '../../store/groups.js';
import type { TenantRow, UserRow } from '../../store/schema.js';
import { findUserById } from '../../store/users.js';
import type { AccessLogReason, AccessLogService } from '../access-log-service.js';
import { TooSoonError } from '../errors.js';
import {
  browserChallengeHash,
  PasskeyAssertionRefused,
  type PasskeyAuthentication,
} from '../passkeys/passkey-authentication.js';
import type { RelyingParty } from '../passkeys/relying-party.js';
import type { EntrancePassService } from '../policy/entrance-pass-service.js';
import type { PolicyCatalog } from '../policy/policy-catalog.js';
import { settingsOf } from '../tenant-service.js';
import { type AccountLockout, lockoutRulesOf, lockoutStateOf } from './guards/account-lockout.js';
import type { FamiliarClients } from './guards/familiar-clients.js';
import type { OtpAnswerReservation, OtpAnswers } from './guards/otp-answers.js';
import type { RateGuard } from './guards/rate-guard.js';
import { evaluateGroupPolicy } from './policy-steps.js';
import type { SignInCompletion } from './sign-in-completion.js';
import type { SignInClient, SignInContext } from './sign-in-context.js';
import type { SignInOutcome } from './sign-in-outcome.js';
import type { SignInReturn } from './sign-in-return.js';

export interface PasswordlessSignInDependencies {
  store: Store;
  clock: Clock;
  passkeys: PasskeyAuthentication;
  /** The sign-in failure throttle per address that the password shares: one unit per answer, back when right. */
  addressThrottle: RateGuard;
  /** How many passwordless options an address may ask for: each one stores a challenge, for anybody to ask. */
  optionsThrottle: RateGuard;
  answers: OtpAnswers;
  lockout: AccountLockout;
  familiar: FamiliarClients;
  catalog: PolicyCatalog;
  passes: EntrancePassService;
  completion: SignInCompletion;
  accessLog: AccessLogService;
}

export interface PasswordlessAnswer {
  tenant: TenantRow;
  /** The random value of the browser's pre-login cookie that the challenge was bound to ('' when it had none). */
  browserNonce: string;
  client: SignInClient;
  rp: RelyingParty;
  /** The browser's AuthenticationResponseJSON, as text. */
  response: string;
  keepMeLoggedIn: boolean;
  returnTo: SignInReturn;
}

type LoginForm = Extract<SignInOutcome, { kind: 'login-form' }>;
type Refusal = { status: LoginForm['status']; reason: AccessLogReason; message: string };

/**
 * Whether a passkey's user handle names `userId`. Registration gives the authenticator the user's id (UTF-8) as the
 * handle, and a discoverable credential hands it back with every assertion (WebAuthn §7.2 step 6): it must name the
 * credential's owner, or the answer is not that owner's.
 */
export function userHandleNames(userHandle: string | undefined, userId: string): boolean {
  if (!userHandle) return false;
  return Buffer.from(userHandle, 'base64url').toString('utf8') === userId;
}

/**
 * **Sign in with a passkey** (SPEC §3.4, issue 12): a passkey alone, no login ID and no password, for users whose
 * Access Policy Group allows passkeys also without a password. One ordered flow, each refusal logged with its
 * reason and nothing stored: the address's unit is reserved before anything costs → the challenge (bound to the
 * browser) is spent → the credential is found in the tenant → its user handle names its owner → the owner is
 * enabled and not locked out → the owner's group allows it → the account's OTP unit → the signature, with user
 * verification always (without a password the authenticator's PIN or biometrics is the second factor), the counter rule → the group's Conditions to Allow Access → a session. A
 * passkey satisfies any OTP requirement, admin OTP enforcement included, so no OTP step follows.
 */
export class PasswordlessSignIn {
  private readonly groupPolicy;

  constructor(private readonly deps: PasswordlessSignInDependencies) {
    this.groupPolicy = evaluateGroupPolicy(deps.store, deps.catalog, deps.passes);
  }

  /** The login page offers the button (and autofill) only where some group of the tenant allows it. */
  isOffered(tenant: TenantRow): Promise<boolean> {
    return anyGroupAllowsPasswordless(this.deps.store.db, tenant.id);
  }

  /** Discoverable options with a challenge bound to `browserNonce`; null when no group of the tenant allows it. */
  async options(
    tenant: TenantRow,
    browserNonce: string,
    client: SignInClient,
    rp: RelyingParty,
  ): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
    if (!(await this.isOffered(tenant))) return null;
    // Not given back: an address's challenges are bounded by what it asked for, answered or not.
    if (!(await this.deps.optionsThrottle.reserve(client.ip)))
      throw new TooSoonError(PASSWORDLESS_SIGN_IN_MESSAGES.tooManyRequests, 60);
    return this.deps.passkeys.passwordlessOptions(tenant.id, browserNonce, rp);
  }

  async signIn(answer: PasswordlessAnswer): Promise<SignInOutcome> {
    const { tenant, client } = answer;
    const address = await this.deps.addressThrottle.reserve(client.ip);
    if (!address)
      return this.refuse(answer, undefined, {
        status: 429,
        reason: 'throttled',
        message: SIGN_IN_MESSAGES.tooManyAttempts,
      });

    const binding = {
      hashOf: (challenge: string) => browserChallengeHash(answer.browserNonce, challenge),
      tenantId: tenant.id,
      userId: null,
    };
    let spent;
    try {
      spent = await this.deps.passkeys.spend(binding, answer.rp, answer.response);
    } catch (error) {
      return this.refuse(answer, undefined, refusalOf(error));
    }
    const passkey = await this.deps.passkeys.findCredential(tenant.id, spent);
    if (!passkey) return this.refuse(answer, undefined, notRecognized('passkey-unknown-credential'));
    const user = await findUserById(this.deps.store.db, tenant.id, passkey.user_id);
    if (!user) return this.refuse(answer, undefined, notRecognized('passkey-unknown-credential'));

    // From here the answer is the owner's to account for: wrong ones count towards their lockout and OTP limit.
    if (!userHandleNames(spent.response.response.userHandle, user.id))
      return this.countWrong(answer, user, address, notRecognized('passkey-user-mismatch'));
    // Account states and the group's word are no guesses: logged, but not counted against the account, so that
    // nobody can lock a user out through a door their group keeps shut.
    if (user.status !== 'enabled') return this.refuse(answer, user, notRecognized('passkey-account-disabled'));
    const rules = lockoutRulesOf(tenant);
    if (
      await this.deps.lockout.keepsOut(lockoutStateOf(user), rules, () => this.deps.familiar.isFamiliar(user, client))
    )
      return this.refuse(answer, user, {
        status: 403,
        reason: 'account-locked',
        message: SIGN_IN_MESSAGES.accountLocked,
      });
    const passkeyRules = await this.deps.passkeys.rulesFor(user);
    if (!passkeyRules.passwordless)
      return this.refuse(answer, user, {
        status: 403,
        reason: 'passkey-not-passwordless',
        message: PASSWORDLESS_SIGN_IN_MESSAGES.notAllowedForGroup,
      });

    const reservation = await this.deps.answers.reserveAccount(user, address);
    if (!reservation)
      return this.refuse(answer, user, { status: 429, reason: 'otp-limit', message: SIGN_IN_MESSAGES.otpLimit });
    let assertion;
    try {
      assertion = await this.deps.passkeys.verifySignature(
        spent,
        passkey,
        answer.rp,
        'required',
        PASSWORDLESS_SIGN_IN_MESSAGES.userNotVerified,
      );
    } catch (error) {
      return this.countWrong(answer, user, reservation, refusalOf(error));
    }

    const keepMeLoggedIn = settingsOf(tenant).showKeepMeLoggedIn && answer.keepMeLoggedIn;
    const context: SignInContext = {
      request: { tenant, loginId: user.login_id, password: '', keepMeLoggedIn, client, returnTo: answer.returnTo },
      now: this.deps.clock.now(),
      user,
    };
    const policy = await this.groupPolicy.run(context);
    if (policy.outcome === 'deny') {
      // The passkey was right: no guess to count, whatever the policy says.
      await this.deps.answers.release(reservation);
      return this.refuse(answer, user, { status: policy.httpStatus, reason: policy.reason, message: policy.message });
    }
    const signedIn = await this.deps.completion.complete({
      tenant,
      user,
      keepMeLoggedIn,
      client,
      returnTo: answer.returnTo,
      otpMethod: 'passkey',
      userVerified: assertion.userVerified,
      passwordless: true,
      releases: this.deps.answers.reservationsOf(reservation),
      group: context.group,
      heldPass: context.pass,
    });
    return signedIn ?? loginForm({ status: 401, reason: 'otp-expired', message: SIGN_IN_MESSAGES.signInExpired });
  }

  /** A wrong answer of a known user: counted like a wrong OTP, and once that locks the account, it says so. */
  private async countWrong(
    answer: PasswordlessAnswer,
    user: UserRow,
    units: OtpAnswerReservation | OtpAnswerReservation['address'],
    refusal: Refusal,
  ): Promise<SignInOutcome> {
    const { tenant, client } = answer;
    // A user handle that names someone else is counted before the account's unit was taken: take it now.
    if (!('account' in units)) await this.deps.answers.reserveAccount(user, units);
    const state = await this.deps.answers.countWrong({
      tenant,
      user,
      ip: client.ip,
      userAgent: client.userAgent,
      reason: refusal.reason,
      otpMethod: 'passkey',
    });
    if (
      refusal.reason !== 'passkey-counter-regressed' &&
      (await this.deps.lockout.keepsOut(state, lockoutRulesOf(tenant), () =>
        this.deps.familiar.isFamiliar(user, client),
      ))
    )
      return loginForm({ status: 403, reason: 'account-locked', message: SIGN_IN_MESSAGES.accountLocked });
    return loginForm(refusal);
  }

  /** A refusal that is not counted against an account (its address unit, if taken, stays spent): logged only. */
  private async refuse(answer: PasswordlessAnswer, user: UserRow | undefined, refusal: Refusal): Promise<LoginForm> {
    await this.deps.accessLog.record({
      tenantId: answer.tenant.id,
      loginId: user?.login_id ?? '',
      userId: user?.id,
      ip: answer.client.ip,
      userAgent: answer.client.userAgent,
      result: 'denied',
      reason: refusal.reason,
      otpMethod: 'passkey',
    });
    return loginForm(refusal);
  }
}

const loginForm = (refusal: Refusal): LoginForm => ({ kind: 'login-form', ...refusal });

/** A passkey that opens no account here, for whichever reason: one answer, so none of them can be told apart. */
const notRecognized = (reason: AccessLogReason): Refusal => ({
  status: 401,
  reason,
  message: PASSWORDLESS_SIGN_IN_MESSAGES.notRecognized,
});

function refusalOf(error: unknown): Refusal {
  if (!(error instanceof PasskeyAssertionRefused)) throw error;
  const status = error.logReason === 'passkey-counter-regressed' ? 403 : 401;
  // At the OTP step this says "your account"; here nobody is signed in to have one.
  const message =
    error.logReason === 'passkey-unknown-credential' ? PASSWORDLESS_SIGN_IN_MESSAGES.notRecognized : error.message;
  return { status, reason: error.logReason, message };
}
