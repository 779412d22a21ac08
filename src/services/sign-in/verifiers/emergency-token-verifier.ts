import { looksLikeEmergencyToken } from '../../../core/otp/emergency-token.js';
import type { EmergencyTokenService } from '../../otp/emergency-token-service.js';
import type { PendingSignIn } from '../sign-in-attempts.js';
import { type OtpMethodVerifier, type OtpProof, typedCode, type Verification } from './otp-method-verifier.js';

/** An OTP emergency token typed into the same input: any user's stand-in for a lost device, used once. */
export class EmergencyTokenVerifier implements OtpMethodVerifier {
  constructor(private readonly tokens: EmergencyTokenService) {}

  accepts(_pending: PendingSignIn, proof: OtpProof): boolean {
    const code = typedCode(proof);
    return code !== null && looksLikeEmergencyToken(code);
  }

  async verify({ user }: PendingSignIn, proof: OtpProof): Promise<Verification> {
    return (await this.tokens.spend(user, typedCode(proof) ?? ''))
      ? { result: 'passed', method: 'emergency-token' }
      : { result: 'failed' };
  }
}
