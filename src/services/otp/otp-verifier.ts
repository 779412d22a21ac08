import type { Clock } from '../../core/clock.js';
import { looksLikeEmergencyToken } from '../../core/otp/emergency-token.js';
import { matchTotp } from '../../core/otp/totp.js';
import type { Store } from '../../store/database.js';
import type { UserRow } from '../../store/schema.js';
import { advanceOtpStep } from '../../store/user-otp.js';
import type { EmergencyTokenService } from './emergency-token-service.js';
import type { OtpSecrets } from './otp-secrets.js';

export type OtpProof = 'totp' | 'emergency-token';

/**
 * Checks what a user typed into the One-Time Password input: a TOTP code of their app (or Gatehouse Key),
 * or one of their emergency tokens. Each succeeds at most once, whatever the concurrency.
 */
export class OtpVerifier {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly secrets: OtpSecrets,
    private readonly emergencyTokens: EmergencyTokenService,
  ) {}

  async verify(user: UserRow, input: string): Promise<OtpProof | null> {
    const typed = input.trim();
    if (/^\d{6}$/.test(typed)) return (await this.verifyTotp(user, typed)) ? 'totp' : null;
    if (looksLikeEmergencyToken(typed))
      return (await this.emergencyTokens.spend(user, typed)) ? 'emergency-token' : null;
    return null;
  }

  /** Decrypt, match within ±1 step, then move the replay guard forward in one conditional UPDATE. */
  async verifyTotp(user: UserRow, code: string): Promise<boolean> {
    if (!user.otp_secret || (user.otp_type !== 'authenticator-app' && user.otp_type !== 'gatehouse-key')) return false;
    const secret = this.secrets.openUserSecret(user.id, user.otp_secret);
    const step = matchTotp(secret, code, this.clock.now(), user.otp_last_step);
    return step !== null && advanceOtpStep(this.store.db, user.id, step);
  }
}
