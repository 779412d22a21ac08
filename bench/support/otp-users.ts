import { generateTotpSecret, timeStepAt } from '../../src/core/otp/totp.js';
import type { Gatehouse } from '../../src/main.js';
import { OtpSecrets } from '../../src/services/otp/otp-secrets.js';
import { loadOrCreateSecretKey } from '../../src/services/secret-key.js';
import type { TenantRow } from '../../src/store/schema.js';
import { insertUsersInBulk } from '../../src/store/users.js';
import { generateUsers } from './seed-users.js';

export interface OtpUser {
  id: string;
  loginId: string;
  /** The plain Base32 secret, as the user's authenticator app holds it. */
  secret: string;
}

/**
 * The server's own OTP keys: the same master key (`<dataDir>/secret.key`, created by the server at its start),
 * so that what the bench seals here the server opens, exactly as a secret registered through OTP setup.
 */
export function otpSecretsOf(gatehouse: Gatehouse): OtpSecrets {
  const { config } = gatehouse;
  return new OtpSecrets(loadOrCreateSecretKey(config.secretKey, config.dataDir), config.previousSecretKeys);
}

/**
 * `count` enabled users with a registered authenticator app, as OTP setup leaves them (sealed secret, OTP Type,
 * the step of the confirming code as replay guard), inserted in bulk. Registering them one by one through the
 * OTP setup service would do the same writes plus a QR code each.
 */
export async function seedOtpUsers(
  gatehouse: Gatehouse,
  tenant: TenantRow,
  options: { count: number; passwordHash: string; groupId?: string; now: number; seed: number },
): Promise<OtpUser[]> {
  const secrets = otpSecretsOf(gatehouse);
  const registeredStep = timeStepAt(options.now) - 10;
  const { rows } = generateUsers(options.count, tenant.id, options.passwordHash, options.now, options.seed);
  const users: OtpUser[] = [];
  for (const row of rows) {
    const secret = generateTotpSecret();
    row.status = 'enabled';
    row.failed_login_count = 0;
    row.locked_until = 0;
    row.role = 'none';
    row.otp_type = 'authenticator-app';
    row.otp_secret = secrets.sealUserSecret(row.id as string, secret);
    row.otp_last_step = registeredStep;
    row.otp_registered_at = options.now;
    if (options.groupId) row.group_id = options.groupId;
    users.push({ id: row.id as string, loginId: row.login_id, secret });
  }
  await insertUsersInBulk(gatehouse.store.db, rows);
  return users;
}
