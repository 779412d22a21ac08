import type { ApprovalService } from '../../key/approval-service.js';
import type { PendingSignIn } from '../sign-in-attempts.js';
import type { OtpMethodVerifier, OtpProof, Verification } from './otp-method-verifier.js';

/**
 * Gatehouse Key push approval: passed once the device accepted the attempt's latest request with the right
 * number. Its "no" answers were counted when the device gave them; an expiry is counted when first noticed.
 */
export class KeyPushVerifier implements OtpMethodVerifier {
  constructor(private readonly approvals: ApprovalService) {}

  accepts({ user }: PendingSignIn, proof: OtpProof): boolean {
    return proof.kind === 'push' && user.otp_type === 'gatehouse-key';
  }

  async verify(pending: PendingSignIn): Promise<Verification> {
    const request = await this.approvals.latestOf(pending);
    if (!request) return { result: 'failed', push: 'expired' };
    const status = this.approvals.statusOf(request);
    switch (status) {
      case 'accepted':
        return { result: 'passed', method: 'gatehouse-key' };
      case 'pending':
        return { result: 'waiting' };
      case 'expired':
        await this.approvals.settleExpiry(pending, request);
        return { result: 'failed', push: 'expired' };
      case 'rejected':
      case 'wrong-number':
        return { result: 'failed', push: status };
      default:
        // Closed by a newer request or a typed code, or reported: nothing to approve any more.
        return { result: 'failed', push: 'expired' };
    }
  }
}
