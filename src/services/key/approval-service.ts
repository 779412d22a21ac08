import { randomInt } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { newId } from '../../core/ids.js';
import { ValidationError } from '../../core/validation-error.js';
import type { Store } from '../../store/database.js';
import {
  decideApprovalRequest,
  findApprovalRequest,
  insertApprovalRequest,
  latestApprovalRequestOfAttempt,
  pendingApprovalRequests,
} from '../../store/key-devices.js';
import type { ApprovalRequestRow, KeyDeviceRow, SignInAttemptRow, UserRow } from '../../store/schema.js';
import type { AccessLogService } from '../access-log-service.js';
import { ConflictError, GoneError, NotFoundError } from '../errors.js';

/** An approval request lives 60 s (SPEC §3.3). */
export const APPROVAL_LIFETIME_MS = 60_000;

/** `closed`: its sign-in ended another way (a typed code, a new attempt) before the device answered. */
export type ApprovalStatus = 'pending' | 'accepted' | 'rejected' | 'expired' | 'closed';

export interface ApprovalView {
  id: string;
  service: string;
  ip: string;
  userAgent: string;
  createdAt: string;
  expiresAt: string;
  choices: number[];
}

function twoDigitChoices(): { number: number; choices: number[] } {
  const picked = new Set<number>();
  while (picked.size < 3) picked.add(randomInt(10, 100));
  const choices = [...picked];
  const number = choices[randomInt(0, 3)] as number;
  return { number, choices: choices.sort(() => randomInt(0, 2) - 0.5) };
}

/** Push approval (SPEC §3.3, §5.1 step 4): the browser shows a number, Gatehouse Key picks it and answers. */
export class ApprovalService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly accessLog: AccessLogService,
  ) {}

  /** The attempt's latest request (even an expired one: the browser then offers a retry), or a new one. */
  async currentOrNew(
    attempt: SignInAttemptRow,
    user: UserRow,
    context: { ip: string; userAgent: string },
    forceNew = false,
  ): Promise<ApprovalRequestRow> {
    const latest = await latestApprovalRequestOfAttempt(this.store.db, attempt.id);
    if (latest && !forceNew) return latest;
    const now = this.clock.now();
    const { number, choices } = twoDigitChoices();
    const row: ApprovalRequestRow = {
      id: newId(),
      tenant_id: user.tenant_id,
      user_id: user.id,
      attempt_id: attempt.id,
      number,
      choices: JSON.stringify(choices),
      service: 'Gatehouse portal',
      ip: context.ip,
      user_agent: context.userAgent.slice(0, 256),
      created_at: now,
      expires_at: now + APPROVAL_LIFETIME_MS,
      status: 'pending',
      decided_at: 0,
    };
    await insertApprovalRequest(this.store.db, row);
    return row;
  }

  statusOf(request: ApprovalRequestRow): ApprovalStatus {
    if (request.status === 'pending' && request.expires_at <= this.clock.now()) return 'expired';
    return request.status as ApprovalStatus;
  }

  async latestOf(attempt: SignInAttemptRow): Promise<ApprovalRequestRow | undefined> {
    return latestApprovalRequestOfAttempt(this.store.db, attempt.id);
  }

  async pendingFor(device: KeyDeviceRow): Promise<ApprovalView[]> {
    return (await pendingApprovalRequests(this.store.db, device.user_id, this.clock.now())).map((row) => ({
      id: row.id,
      service: row.service,
      ip: row.ip,
      userAgent: row.user_agent,
      createdAt: new Date(row.created_at).toISOString(),
      expiresAt: new Date(row.expires_at).toISOString(),
      choices: JSON.parse(row.choices) as number[],
    }));
  }

  /** The device's answer. A wrong number rejects the request, so guessing among three gains nothing. */
  async decide(
    device: KeyDeviceRow,
    requestId: string,
    decision: unknown,
    number: unknown,
    loginId: string,
  ): Promise<'accepted' | 'rejected'> {
    if (decision !== 'accept' && decision !== 'reject')
      throw new ValidationError('decision must be "accept" or "reject".', 'decision');
    const request = /^[0-9a-f-]{36}$/.test(requestId) ? await findApprovalRequest(this.store.db, requestId) : undefined;
    if (!request || request.user_id !== device.user_id)
      throw new NotFoundError('No such approval request for this device.');
    const status = this.statusOf(request);
    if (status === 'expired') throw new GoneError('This approval request has expired.');
    if (status !== 'pending') throw new ConflictError('This approval request has already been answered.');
    const now = this.clock.now();
    const log = (reason: 'otp-rejected' | 'otp-invalid') =>
      this.accessLog.record({
        tenantId: request.tenant_id,
        loginId,
        userId: request.user_id,
        ip: request.ip,
        userAgent: request.user_agent,
        service: 'gatehouse-key',
        result: 'denied',
        reason,
        otpMethod: 'gatehouse-key',
      });
    if (decision === 'reject') {
      if (!(await decideApprovalRequest(this.store.db, request.id, 'rejected', now)))
        throw new ConflictError('This approval request has already been answered.');
      await log('otp-rejected');
      return 'rejected';
    }
    if (number !== request.number) {
      await decideApprovalRequest(this.store.db, request.id, 'rejected', now);
      await log('otp-invalid');
      throw new ValidationError('The number does not match the one shown in the browser.', 'number');
    }
    if (!(await decideApprovalRequest(this.store.db, request.id, 'accepted', now)))
      throw new ConflictError('This approval request has already been answered.');
    return 'accepted';
  }
}
