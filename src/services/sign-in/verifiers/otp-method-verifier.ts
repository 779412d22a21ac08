import type { AccessLogReason } from '../../../core/access-log-reasons.js';
import type { RelyingParty } from '../../passkeys/relying-party.js';
import type { PendingSignIn } from '../sign-in-attempts.js';

/**
 * What the user offers at the OTP step: a typed code (or emergency token), "look whether Key answered", or a
 * passkey assertion (the browser's JSON, checked against the relying party the request arrived for).
 */
export type OtpProof =
  { kind: 'code'; value: string } | { kind: 'push' } | { kind: 'passkey'; response: string; rp: RelyingParty };

/** The method that passed, as the session and the Access Logs record it. */
export type OtpMethodUsed = 'authenticator-app' | 'gatehouse-key' | 'email' | 'emergency-token' | 'passkey';

export type PushFailure = 'rejected' | 'wrong-number' | 'expired';

export type Verification =
  | { result: 'passed'; method: OtpMethodUsed; userVerified?: boolean }
  /** `reason` and `message` when the method knows more precisely than "Invalid one-time password." what failed. */
  | { result: 'failed'; push?: PushFailure; reason?: AccessLogReason; message?: string }
  /** A push request nobody has answered yet. */
  | { result: 'waiting' };

/**
 * One way to pass the OTP step (SPEC §5.1 step 4). The sign-in flow asks each verifier in turn whether it takes
 * the proof, and counts, limits and logs the answers itself, the same way for every method.
 */
export interface OtpMethodVerifier {
  accepts(pending: PendingSignIn, proof: OtpProof): boolean;
  verify(pending: PendingSignIn, proof: OtpProof): Promise<Verification>;
}

export const SIX_DIGITS = /^\d{6}$/;

export const typedCode = (proof: OtpProof): string | null => (proof.kind === 'code' ? proof.value.trim() : null);
