import type { OtpVerifier } from '../../otp/otp-verifier.js';
import type { PendingSignIn } from '../sign-in-attempts.js';
import {
  type OtpMethodVerifier,
  type OtpProof,
  SIX_DIGITS,
  typedCode,
  type Verification,
} from './otp-method-verifier.js';

/** A code of the user's authenticator app or of Gatehouse Key (RFC 6238, never accepted twice). */
export class TotpCodeVerifier implements OtpMethodVerifier {
  constructor(private readonly totp: OtpVerifier) {}

  accepts({ user }: PendingSignIn, proof: OtpProof): boolean {
    const code = typedCode(proof);
    return (
      code !== null &&
      SIX_DIGITS.test(code) &&
      (user.otp_type === 'authenticator-app' || user.otp_type === 'gatehouse-key')
    );
  }

  async verify({ user }: PendingSignIn, proof: OtpProof): Promise<Verification> {
    const passed = await this.totp.verifyTotp(user, typedCode(proof) ?? '');
    return passed
      ? { result: 'passed', method: user.otp_type as 'authenticator-app' | 'gatehouse-key' }
      : { result: 'failed' };
  }
}
