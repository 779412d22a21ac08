import type { PasskeyAuthentication } from '../../passkeys/passkey-authentication.js';
import { PasskeyAssertionRefused } from '../../passkeys/passkey-authentication.js';
import type { PendingSignIn } from '../sign-in-attempts.js';
import type { OtpMethodVerifier, OtpProof, Verification } from './otp-method-verifier.js';

/**
 * One of the user's passkeys, answering a challenge bound to this attempt (issue 12): it passes the OTP step like a
 * code. A refusal carries its precise Access Log reason and the words the OTP page shows.
 */
export class PasskeyVerifier implements OtpMethodVerifier {
  constructor(private readonly passkeys: PasskeyAuthentication) {}

  accepts(_pending: PendingSignIn, proof: OtpProof): boolean {
    return proof.kind === 'passkey';
  }

  async verify({ attempt, user }: PendingSignIn, proof: OtpProof): Promise<Verification> {
    if (proof.kind !== 'passkey') return { result: 'failed' };
    try {
      const assertion = await this.passkeys.verify(attempt.id, user, proof.rp, proof.response);
      return { result: 'passed', method: 'passkey', userVerified: assertion.userVerified };
    } catch (error) {
      if (!(error instanceof PasskeyAssertionRefused)) throw error;
      return { result: 'failed', reason: error.logReason, message: error.message };
    }
  }
}
