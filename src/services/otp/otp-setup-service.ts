import type { Clock } from '../../core/clock.js';
import { newId } from '../../core/ids.js';
import {
  EMAIL_CODE_LIFETIME_MS,
  EMAIL_CODE_MAX_TRIES,
  EMAIL_CODE_RESEND_INTERVAL_MS,
  generateEmailCode,
} from '../../core/otp/email-code.js';
import { buildOtpauthUri } from '../../core/otp/otpauth-uri.js';
import { OTP_SETUP_LIFETIME_MS, type OtpType } from '../../core/otp/otp-types.js';
import { generateTotpSecret, matchTotp } from '../../core/otp/totp.js';
import { isEmailAddress } from '../../core/user-fields.js';
import { ValidationError } from '../../core/validation-error.js';
import type { Kysely } from 'kysely';
import type { Store } from '../../store/database.js';
import {
  completeOtpSetup,
  deletePendingOtpSetups,
  findOtpSetup,
  insertOtpSetup,
  claimEmailCodeTry,
  replaceEmailCode,
} from '../../store/otp-setups.js';
import type { Database, OtpSetupRow, TenantRow, UserRow } from '../../store/schema.js';
import { deleteKeyDeviceOfUser } from '../../store/key-devices.js';
import { clearUserOtp, setUserOtp } from '../../store/user-otp.js';
import type { Actor } from '../actor.js';
import type { AuditService } from '../audit-service.js';
import { ConflictError, GoneError, NotFoundError, TooSoonError } from '../errors.js';
import type { MailService } from '../mail-service.js';
import type { LockoutGuard } from '../policy/lockout-guard.js';
import { requireMayManage } from '../user-permissions.js';
import type { OtpSecrets } from './otp-secrets.js';
import { qrSvg } from './qr-code.js';

export const OTP_ENABLED_MESSAGE = 'Success. OTP is now enabled.';
export const INVALID_OTP_MESSAGE = 'Invalid one-time password.';

export interface TotpSetup {
  setupId: string;
  otpauthUri: string;
  qrSvg: string;
  expiresAt: string;
}

export interface EmailSetup {
  setupId: string;
  email: string;
  expiresAt: string;
  resendAfter: string;
}

export type SetupStatus = { status: 'pending' | 'expired' } | { status: 'completed'; otpType: OtpType };

/** Adds parameters to the QR code's URI; Gatehouse Key's enrolment link is one. */
export type OtpauthUriExtension = (setup: OtpSetupRow, user: UserRow, tenant: TenantRow) => Record<string, string>;

const setupContext = (setup: Pick<OtpSetupRow, 'id'>) => `otp-setup:${setup.id}`;

/**
 * Registering an OTP method (SPEC §3.1, §3.2): the QR code for authenticator apps, and email confirmation.
 * Used by admins from the user details screen and by users in the portal, with the same rules.
 */
export class OtpSetupService {
  private readonly uriExtensions: OtpauthUriExtension[] = [];

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly secrets: OtpSecrets,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly guard: LockoutGuard,
  ) {}

  extendOtpauthUri(extension: OtpauthUriExtension): void {
    this.uriExtensions.push(extension);
  }

  /** A new secret and its QR code, valid 10 minutes; any earlier pending setup of the user stops working. */
  async startTotp(
    tenant: TenantRow,
    actor: Actor,
    user: UserRow,
    options: { origin?: string } = {},
  ): Promise<TotpSetup> {
    requireMayManage(actor, user);
    const now = this.clock.now();
    const id = newId();
    const row: OtpSetupRow = {
      ...this.emptySetup(id, tenant, user, 'totp', now),
      secret: this.secrets.box.seal(generateTotpSecret(), setupContext({ id })),
      enroll_base: options.origin ?? '',
    };
    await this.store.db.transaction().execute(async (trx) => {
      await deletePendingOtpSetups(trx, user.id);
      await insertOtpSetup(trx, row);
    });
    const uri = this.otpauthUri(tenant, user, row);
    return { setupId: id, otpauthUri: uri, qrSvg: await qrSvg(uri), expiresAt: new Date(row.expires_at).toISOString() };
  }

  /** The URI of a pending QR code, e.g. to render it as PNG. It carries the secret: only for who may register. */
  async pendingOtpauthUri(tenant: TenantRow, actor: Actor, user: UserRow, setupId: string): Promise<string> {
    requireMayManage(actor, user);
    const setup = await this.pendingSetup(tenant, user, setupId);
    if (setup.method !== 'totp') throw new NotFoundError('This setup has no QR code.');
    return this.otpauthUri(tenant, user, setup);
  }

  /** Mails a code to the address; nothing is stored unless the mail was accepted by the mail server. */
  async startEmail(tenant: TenantRow, actor: Actor, user: UserRow, emailInput: unknown): Promise<EmailSetup> {
    requireMayManage(actor, user);
    const email = typeof emailInput === 'string' ? emailInput.trim() : '';
    if (!isEmailAddress(email))
      throw new ValidationError('Email address must be an email address, such as alice@example.com.', 'email');
    const now = this.clock.now();
    const id = newId();
    const code = generateEmailCode();
    const row: OtpSetupRow = {
      ...this.emptySetup(id, tenant, user, 'email', now),
      email,
      code_hash: this.secrets.emailCodes.digest(id, code),
      code_sent_at: now,
    };
    await this.sendCode(tenant, email, code);
    await this.store.db.transaction().execute(async (trx) => {
      await deletePendingOtpSetups(trx, user.id);
      await insertOtpSetup(trx, row);
    });
    return this.emailSetupView(row);
  }

  async resendEmail(tenant: TenantRow, actor: Actor, user: UserRow, setupId: string): Promise<EmailSetup> {
    requireMayManage(actor, user);
    const setup = await this.pendingSetup(tenant, user, setupId);
    if (setup.method !== 'email') throw new NotFoundError('This setup sends no email.');
    const now = this.clock.now();
    const wait = setup.code_sent_at + EMAIL_CODE_RESEND_INTERVAL_MS - now;
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new TooSoonError(`Please wait ${seconds} seconds before requesting another code.`, seconds);
    }
    const code = generateEmailCode();
    await this.sendCode(tenant, setup.email, code);
    await replaceEmailCode(this.store.db, setup.id, this.secrets.emailCodes.digest(setup.id, code), now);
    return this.emailSetupView({ ...setup, code_sent_at: now });
  }

  /**
   * Checks the code typed for a pending setup. The winning confirmation registers the method atomically;
   * a wrong code leaves everything as it was (but counts, for email codes).
   */
  async confirm(
    tenant: TenantRow,
    actor: Actor,
    user: UserRow,
    setupId: string,
    codeInput: unknown,
  ): Promise<{ otpType: OtpType; message: string }> {
    requireMayManage(actor, user);
    const code = typeof codeInput === 'string' ? codeInput.trim() : '';
    if (!/^\d{6}$/.test(code)) throw new ValidationError('Enter the 6-digit one-time password.', 'code');
    const setup = await this.pendingSetup(tenant, user, setupId);
    const now = this.clock.now();
    let registration: { type: OtpType; secret: string; lastStep: number; email: string };
    if (setup.method === 'totp') {
      const secret = this.secrets.box.open(setup.secret, setupContext(setup));
      const step = matchTotp(secret, code, now, 0);
      if (step === null) throw new ValidationError(INVALID_OTP_MESSAGE, 'code');
      registration = { type: 'authenticator-app', secret, lastStep: step, email: user.otp_email };
    } else {
      if (setup.code_sent_at + EMAIL_CODE_LIFETIME_MS <= now)
        throw new GoneError('The code has expired. Request a new code.');
      if (!(await claimEmailCodeTry(this.store.db, setup.id, EMAIL_CODE_MAX_TRIES)))
        throw new GoneError('Too many wrong codes. Request a new code.');
      if (!this.secrets.emailCodes.matches(setup.code_hash, setup.id, code))
        throw new ValidationError(INVALID_OTP_MESSAGE, 'code');
      registration = { type: 'email', secret: '', lastStep: 0, email: setup.email };
    }
    await this.register(tenant, actor, user, setup, registration, now);
    return { otpType: registration.type, message: OTP_ENABLED_MESSAGE };
  }

  /** Lets the console notice a registration completed elsewhere (by Gatehouse Key) without a click. */
  async status(tenant: TenantRow, user: UserRow, setupId: string): Promise<SetupStatus> {
    const setup = await findOtpSetup(this.store.db, tenant.id, user.id, setupId);
    if (!setup) throw new NotFoundError('No such OTP setup; it may have been replaced by a newer one.');
    if (setup.completed_at) return { status: 'completed', otpType: setup.completed_type as OtpType };
    return { status: setup.expires_at <= this.clock.now() ? 'expired' : 'pending' };
  }

  /** Reset OTP: the user has no OTP method afterwards (emergency tokens stay), and no Gatehouse Key device. */
  async reset(tenant: TenantRow, actor: Actor, user: UserRow): Promise<void> {
    requireMayManage(actor, user);
    if (user.role === 'global-admin')
      await this.guard.refuseIfNoGlobalAdminCouldSignIn(tenant, actor, {
        users: new Map([[user.id, { ...user, otp_type: 'none' }]]),
      });
    const now = this.clock.now();
    await this.store.db.transaction().execute(async (trx) => {
      await clearUserOtp(trx, user.id, now);
      await deletePendingOtpSetups(trx, user.id);
      // The Key device held the secret and answered pushes for this registration: it goes with it.
      await deleteKeyDeviceOfUser(trx, user.id);
      await this.audit.record(
        tenant.id,
        actor,
        {
          operation: 'otp.reset',
          targetType: 'user',
          targetId: user.id,
          targetLabel: user.login_id,
          before: { otpType: user.otp_type },
          after: { otpType: 'none' },
        },
        trx,
      );
    });
  }

  /** Also used by Gatehouse Key enrolment: completes the setup and makes the method the user's OTP. */
  async register(
    tenant: TenantRow,
    actor: Actor,
    user: UserRow,
    setup: OtpSetupRow,
    registration: { type: OtpType; secret: string; lastStep: number; email: string },
    now: number,
    alsoInTransaction?: (trx: Kysely<Database>) => Promise<void>,
  ): Promise<void> {
    await this.store.db.transaction().execute(async (trx) => {
      if (!(await completeOtpSetup(trx, setup.id, registration.type, now)))
        throw new ConflictError('This setup has already been completed or has expired. Start again.');
      // One OTP method per user: registering another retires the Key device (Gatehouse Key adds its own below).
      await deleteKeyDeviceOfUser(trx, user.id);
      await alsoInTransaction?.(trx);
      await setUserOtp(
        trx,
        user.id,
        {
          type: registration.type,
          sealedSecret: registration.secret ? this.secrets.sealUserSecret(user.id, registration.secret) : '',
          lastStep: registration.lastStep,
          email: registration.email,
        },
        now,
      );
      await this.audit.record(
        tenant.id,
        actor,
        {
          operation: 'otp.register',
          targetType: 'user',
          targetId: user.id,
          targetLabel: user.login_id,
          before: { otpType: user.otp_type },
          after: { otpType: registration.type, ...(registration.email ? { otpEmail: registration.email } : {}) },
        },
        trx,
      );
    });
  }

  async pendingSetup(tenant: TenantRow, user: UserRow, setupId: string): Promise<OtpSetupRow> {
    const setup = /^[0-9a-f-]{36}$/.test(setupId)
      ? await findOtpSetup(this.store.db, tenant.id, user.id, setupId)
      : undefined;
    if (!setup) throw new NotFoundError('No such OTP setup; it may have been replaced by a newer one.');
    if (setup.completed_at) throw new ConflictError('This setup has already been completed.');
    if (setup.expires_at <= this.clock.now())
      throw new GoneError('This QR code or code has expired. Start the setup again.');
    return setup;
  }

  openSetupSecret(setup: OtpSetupRow): string {
    return this.secrets.box.open(setup.secret, setupContext(setup));
  }

  private otpauthUri(tenant: TenantRow, user: UserRow, setup: OtpSetupRow): string {
    const extra = Object.assign({}, ...this.uriExtensions.map((extend) => extend(setup, user, tenant))) as Record<
      string,
      string
    >;
    return buildOtpauthUri(tenant.otp_issuer, user.login_id, this.openSetupSecret(setup), extra);
  }

  private emptySetup(id: string, tenant: TenantRow, user: UserRow, method: 'totp' | 'email', now: number): OtpSetupRow {
    return {
      id,
      tenant_id: tenant.id,
      user_id: user.id,
      method,
      secret: '',
      email: '',
      code_hash: '',
      code_sent_at: 0,
      code_tries: 0,
      created_at: now,
      expires_at: now + OTP_SETUP_LIFETIME_MS,
      completed_at: 0,
      completed_type: '',
      enroll_base: '',
    };
  }

  private emailSetupView(row: OtpSetupRow): EmailSetup {
    return {
      setupId: row.id,
      email: row.email,
      expiresAt: new Date(row.code_sent_at + EMAIL_CODE_LIFETIME_MS).toISOString(),
      resendAfter: new Date(row.code_sent_at + EMAIL_CODE_RESEND_INTERVAL_MS).toISOString(),
    };
  }

  private async sendCode(tenant: TenantRow, to: string, code: string): Promise<void> {
    await this.mail.send({
      from: tenant.mail_sender || `gatehouse@${tenant.domain}`,
      to,
      subject: `Your ${tenant.otp_issuer} one-time password`,
      text: `Your one-time password is ${code}\n\nIt is valid for 5 minutes. If you did not ask for it, you can ignore this message.\n`,
    });
  }
}
