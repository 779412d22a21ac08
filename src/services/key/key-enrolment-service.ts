import type { Clock } from '../../core/clock.js';
import { KeyedHash } from '../../core/crypto/keyed-hash.js';
import { newId } from '../../core/ids.js';
import { matchTotp } from '../../core/otp/totp.js';
import { ValidationError } from '../../core/validation-error.js';
import type { Store } from '../../store/database.js';
import { findKeyDeviceOfUser, replaceKeyDevice } from '../../store/key-devices.js';
import { findOtpSetupById } from '../../store/otp-setups.js';
import type { KeyDeviceRow, OtpSetupRow, TenantRow, UserRow } from '../../store/schema.js';
import { findTenantById } from '../../store/tenants.js';
import { findUserById } from '../../store/users.js';
import { reserveRate } from '../../store/rate-counters.js';
import type { AccessLogReason, AccessLogService } from '../access-log-service.js';
import { ConflictError, GoneError, NotFoundError } from '../errors.js';
import { INVALID_OTP_MESSAGE, type OtpSetupService } from '../otp/otp-setup-service.js';
import { parseDevicePublicKey } from './device-key.js';

export const ENROLL_PARAMETER = 'gatehouse_enroll';

/** Wrong first codes an enrolment link survives; after them it is void and only a new QR code helps. */
export const ENROLMENT_CODE_TRIES = 5;

export interface Enrolled {
  deviceId: string;
  loginId: string;
  domain: string;
  issuer: string;
  apiBase: string;
}

/**
 * Gatehouse Key's enrolment (docs/key-protocol.md §1–2): the QR code carries a single-use link; scanning it is
 * the whole registration — the device proves it holds the secret with its first code and sends its public key.
 */
export class KeyEnrolmentService {
  private readonly linkSecrets: KeyedHash;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    masterKey: Buffer,
    private readonly publicUrl: URL | undefined,
    private readonly otpSetup: OtpSetupService,
    private readonly accessLog: AccessLogService,
  ) {
    this.linkSecrets = new KeyedHash(masterKey, 'key-enrolment-link');
    otpSetup.extendOtpauthUri((setup): Record<string, string> => {
      const link = this.enrolmentLink(setup);
      return link ? { [ENROLL_PARAMETER]: link } : {};
    });
  }

  apiBaseFor(setup: Pick<OtpSetupRow, 'enroll_base'>): string | null {
    const base = this.publicUrl?.origin ?? setup.enroll_base;
    return base ? `${base.replace(/\/$/, '')}/api/key/v1` : null;
  }

  private enrolmentLink(setup: OtpSetupRow): string | null {
    const apiBase = this.apiBaseFor(setup);
    return apiBase ? `${apiBase}/enroll/${setup.id}.${this.linkSecrets.digest(setup.id)}` : null;
  }

  async enroll(
    linkToken: string,
    body: { publicKey?: unknown; deviceName?: unknown; code?: unknown },
    context: { ip: string; userAgent: string },
  ): Promise<Enrolled> {
    const [setupId = '', secret = ''] = linkToken.split('.');
    const setup = /^[0-9a-f-]{36}$/.test(setupId) ? await findOtpSetupById(this.store.db, setupId) : undefined;
    if (!setup || setup.method !== 'totp' || !this.linkSecrets.matches(secret, setupId))
      throw new NotFoundError('This enrolment link is not valid. Show a new QR code and scan it again.');
    const [tenant, user] = await Promise.all([
      findTenantById(this.store.db, setup.tenant_id),
      findUserById(this.store.db, setup.tenant_id, setup.user_id),
    ]);
    if (!tenant || !user) throw new NotFoundError('This enrolment link is not valid.');
    const refuse = async (reason: AccessLogReason, error: Error): Promise<never> => {
      await this.accessLog.record({
        tenantId: tenant.id,
        loginId: user.login_id,
        userId: user.id,
        ip: context.ip,
        userAgent: context.userAgent,
        service: 'gatehouse-key',
        result: 'denied',
        reason,
        otpMethod: 'gatehouse-key',
      });
      throw error;
    };
    if (setup.completed_at)
      return refuse(
        'otp-expired',
        new ConflictError('This enrolment link has already been used. Show a new QR code and scan it again.'),
      );
    const now = this.clock.now();
    if (setup.expires_at <= now)
      return refuse(
        'otp-expired',
        new GoneError(
          'This enrolment link has expired (QR codes are valid for 10 minutes). Show a new QR code and scan it again.',
        ),
      );
    const { jwk } = parseDevicePublicKey(body.publicKey);
    const deviceName = typeof body.deviceName === 'string' ? body.deviceName.trim() : '';
    if (deviceName === '' || deviceName.length > 100 || /[\u0000-\u001f\u007f]/.test(deviceName))
      throw new ValidationError('deviceName must be 1 to 100 characters.', 'deviceName');
    // A try is reserved before the code is checked, so that concurrent guesses cannot pass the limit together.
    const tryTaken = await reserveRate(
      this.store.db,
      `key-enrolment:${setup.id}`,
      { limit: ENROLMENT_CODE_TRIES, windowMs: setup.expires_at - now },
      now,
    );
    if (!tryTaken)
      return refuse(
        'otp-too-many-attempts',
        new GoneError(
          `This enrolment link no longer works after ${ENROLMENT_CODE_TRIES} wrong codes. Show a new QR code and scan it again.`,
        ),
      );
    const code = typeof body.code === 'string' ? body.code.trim() : '';
    const totpSecret = this.otpSetup.openSetupSecret(setup);
    const step = /^\d{6}$/.test(code) ? matchTotp(totpSecret, code, now, 0) : null;
    if (step === null) return refuse('otp-invalid', new ValidationError(INVALID_OTP_MESSAGE, 'code'));
    const deviceId = newId();
    const actor = { userId: user.id, loginId: user.login_id, role: 'none' as const, ip: context.ip };
    await this.otpSetup.register(
      tenant,
      actor,
      user,
      setup,
      { type: 'gatehouse-key', secret: totpSecret, lastStep: step, email: user.otp_email },
      now,
      async (trx) => {
        await replaceKeyDevice(trx, {
          id: deviceId,
          tenant_id: tenant.id,
          user_id: user.id,
          name: deviceName,
          public_key: JSON.stringify(jwk),
          enrolled_at: now,
          last_seen_at: now,
        });
      },
    );
    return {
      deviceId,
      loginId: user.login_id,
      domain: tenant.domain,
      issuer: tenant.otp_issuer,
      apiBase: this.apiBaseFor(setup) as string,
    };
  }

  /** The tenant and user a device belongs to. */
  async ownerOf(device: KeyDeviceRow): Promise<{ tenant: TenantRow; user: UserRow }> {
    const [tenant, user] = await Promise.all([
      findTenantById(this.store.db, device.tenant_id),
      findUserById(this.store.db, device.tenant_id, device.user_id),
    ]);
    if (!tenant || !user) throw new NotFoundError('This device is not registered.');
    return { tenant, user };
  }

  async deviceOf(tenant: TenantRow, userId: string) {
    return findKeyDeviceOfUser(this.store.db, userId).then((device) =>
      device && device.tenant_id === tenant.id ? device : undefined,
    );
  }
}
