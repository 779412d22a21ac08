import { randomInt } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { newId } from '../../core/ids.js';
import { ValidationError } from '../../core/validation-error.js';
import type { Store } from '../../store/database.js';
import {
  closePendingApprovalRequestsOfUser,
  decideApprovalRequest,
  expireApprovalRequest,
  findApprovalRequest,
  insertApprovalRequest,
  latestApprovalRequestOfAttempt,
  pendingApprovalRequests,
} from '../../store/key-devices.js';
import type { ApprovalRequestRow, KeyDeviceRow } from '../../store/schema.js';
import { claimPushRequest } from '../../store/sign-in-attempts.js';
import { findTenantById } from '../../store/tenants.js';
import { findUserById } from '../../store/users.js';
import { ConflictError, GoneError, NotFoundError } from '../errors.js';
import type { OtpAnswers } from '../sign-in/guards/otp-answers.js';
import type { RateGuard } from '../sign-in/guards/rate-guard.js';
import type { PendingSignIn, SignInAttempts } from '../sign-in/sign-in-attempts.js';

/** An approval request lives 60 s (SPEC §3.3). */
export const APPROVAL_LIFETIME_MS = 60_000;
/** Requests one sign-in attempt may send (SPEC §3.3); the user can always type a code instead. */
export const MAX_APPROVAL_REQUESTS_PER_ATTEMPT = 3;

/**
 * `wrong-number`: Key's user typed another number than the browser showed. `reported`: "This wasn't me".
 * `closed`: its sign-in ended another way, or a newer request replaced it, before the device answered.
 */
export type ApprovalStatus = 'pending' | 'accepted' | 'rejected' | 'wrong-number' | 'reported' | 'expired' | 'closed';

export type DeviceDecision = 'accept' | 'reject' | 'not-me';

export interface ApprovalView {
  id: string;
  service: string;
  ip: string;
  userAgent: string;
  createdAt: string;
  expiresAt: string;
}

export type NewApproval =
  { sent: true; request: ApprovalRequestRow } | { sent: false; reason: 'attempt-limit' | 'hourly-limit' | 'otp-limit' };

/**
 * Push approval (SPEC §3.3, §5.1 step 4). The browser shows a two-digit number that the user types into
 * Gatehouse Key, so a blind accept wins one time in ninety. Requests are capped per attempt and per user per
 * hour, a new one closes the older ones, and every "no" (Reject, a wrong number, no answer in time) counts
 * as a wrong OTP answer.
 */
export class ApprovalService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly attempts: SignInAttempts,
    private readonly answers: OtpAnswers,
    private readonly hourlyLimit: RateGuard,
  ) {}

  /** A new request for the attempt, replacing any unanswered one of the user, unless a cap says no. */
  async send(
    pending: PendingSignIn,
    client: { ip: string; userAgent: string },
    service = 'Gatehouse portal',
  ): Promise<NewApproval> {
    const { attempt, user } = pending;
    if (await this.answers.isAccountExhausted(user)) return { sent: false, reason: 'otp-limit' };
    const hourly = await this.hourlyLimit.reserve(user.id);
    if (!hourly) return { sent: false, reason: 'hourly-limit' };
    if (!(await claimPushRequest(this.store.db, attempt.id, MAX_APPROVAL_REQUESTS_PER_ATTEMPT))) {
      await this.hourlyLimit.release(hourly);
      return { sent: false, reason: 'attempt-limit' };
    }
    attempt.push_requests += 1;
    const now = this.clock.now();
    const request: ApprovalRequestRow = {
      id: newId(),
      tenant_id: user.tenant_id,
      user_id: user.id,
      attempt_id: attempt.id,
      number: randomInt(10, 100),
      service,
      ip: client.ip,
      user_agent: client.userAgent.slice(0, 256),
      created_at: now,
      expires_at: now + APPROVAL_LIFETIME_MS,
      status: 'pending',
      decided_at: 0,
    };
    await this.store.db.transaction().execute(async (trx) => {
      await closePendingApprovalRequestsOfUser(trx, user.id, now);
      await insertApprovalRequest(trx, request);
    });
    return { sent: true, request };
  }

  canSendAnother(pending: PendingSignIn): boolean {
    return pending.attempt.push_requests < MAX_APPROVAL_REQUESTS_PER_ATTEMPT;
  }

  latestOf(pending: PendingSignIn): Promise<ApprovalRequestRow | undefined> {
    return latestApprovalRequestOfAttempt(this.store.db, pending.attempt.id);
  }

  statusOf(request: ApprovalRequestRow): ApprovalStatus {
    if (request.status === 'pending' && request.expires_at <= this.clock.now()) return 'expired';
    return request.status as ApprovalStatus;
  }

  /** A request nobody answered in time counts as a wrong answer, once, whoever notices first. */
  async settleExpiry(pending: PendingSignIn, request: ApprovalRequestRow): Promise<void> {
    if (request.status !== 'pending' || !(await expireApprovalRequest(this.store.db, request.id, this.clock.now())))
      return;
    request.status = 'expired';
    await this.answers.countWrongAfterTheFact({
      tenant: pending.tenant,
      user: pending.user,
      ip: request.ip,
      userAgent: request.user_agent,
      reason: 'otp-expired',
      otpMethod: 'gatehouse-key',
    });
  }

  async pendingFor(device: KeyDeviceRow): Promise<ApprovalView[]> {
    return (await pendingApprovalRequests(this.store.db, device.user_id, this.clock.now())).map((row) => ({
      id: row.id,
      service: row.service,
      ip: row.ip,
      userAgent: row.user_agent,
      createdAt: new Date(row.created_at).toISOString(),
      expiresAt: new Date(row.expires_at).toISOString(),
    }));
  }

  /**
   * The device's answer. Accept needs the number the browser shows; a wrong one spends the request. Reject,
   * a wrong number and "This wasn't me" count as wrong OTP answers; the last also ends the sign-in attempt
   * and is marked in the Access Logs for administrators.
   */
  async decide(
    device: KeyDeviceRow,
    requestId: string,
    decision: unknown,
    number: unknown,
  ): Promise<'accepted' | 'rejected' | 'reported'> {
    if (decision !== 'accept' && decision !== 'reject' && decision !== 'not-me')
      throw new ValidationError('decision must be "accept", "reject" or "not-me".', 'decision');
    if (decision === 'accept' && (typeof number !== 'number' || !Number.isInteger(number)))
      throw new ValidationError('Type the number shown in the browser.', 'number');
    const request = /^[0-9a-f-]{36}$/.test(requestId) ? await findApprovalRequest(this.store.db, requestId) : undefined;
    if (!request || request.user_id !== device.user_id)
      throw new NotFoundError('No such approval request for this device.');
    const status = this.statusOf(request);
    if (status === 'expired') throw new GoneError('This approval request has expired.');
    if (status !== 'pending') throw new ConflictError('This approval request has already been answered.');
    const now = this.clock.now();
    const outcome =
      decision === 'accept'
        ? number === request.number
          ? 'accepted'
          : 'wrong-number'
        : decision === 'reject'
          ? 'rejected'
          : 'reported';
    if (!(await decideApprovalRequest(this.store.db, request.id, outcome, now)))
      throw new ConflictError('This approval request has already been answered.');
    if (outcome === 'accepted') return 'accepted';
    if (outcome === 'reported') await this.attempts.markReported(request.attempt_id);
    await this.countDeviceRefusal(request, outcome);
    if (outcome === 'wrong-number')
      throw new ValidationError('The number does not match the one shown in the browser.', 'number');
    return outcome;
  }

  private async countDeviceRefusal(request: ApprovalRequestRow, outcome: 'rejected' | 'wrong-number' | 'reported') {
    const [tenant, user] = await Promise.all([
      findTenantById(this.store.db, request.tenant_id),
      findUserById(this.store.db, request.tenant_id, request.user_id),
    ]);
    if (!tenant || !user) return;
    const reason = outcome === 'rejected' ? 'otp-rejected' : outcome === 'reported' ? 'otp-reported' : 'otp-invalid';
    await this.answers.countWrongAfterTheFact({
      tenant,
      user,
      ip: request.ip,
      userAgent: request.user_agent,
      reason,
      otpMethod: 'gatehouse-key',
    });
  }
}
