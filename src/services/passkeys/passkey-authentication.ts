import { createHash } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  AuthenticatorTransport,
  PublicKeyCredentialRequestOptionsJSON,
  VerifiedAuthenticationResponse,
} from '@simplewebauthn/server';
import Value from 'typebox/value';
import type { Clock } from '../../core/clock.js';
import { PASSKEY_MESSAGES, PASSKEY_SIGN_IN_MESSAGES } from '../../core/messages.js';
import { WEBAUTHN_CHALLENGE_LIFETIME_MS } from '../../core/passkey-rules.js';
import type { AccessLogReason } from '../../core/access-log-reasons.js';
import { AuthenticationResponse } from '../../contract/portal/passkey-sign-in.js';
import type { Store } from '../../store/database.js';
import { groupOfUser } from '../../store/groups.js';
import { findPasskeyByCredentialId, flagPasskey, listPasskeysOfUser, recordPasskeyUse } from '../../store/passkeys.js';
import type { PasskeyRow, UserRow } from '../../store/schema.js';
import {
  countLiveWebauthnChallenges,
  insertWebauthnChallenge,
  spendWebauthnChallenge,
} from '../../store/webauthn-challenges.js';
import { ForbiddenError, PasskeyRefusedError, TooSoonError } from '../errors.js';
import { readClientData, transportsOf, webauthnLibrary } from './passkey-registration.js';
import type { RelyingParty } from './relying-party.js';

/** Options requested and not yet answered, per user: a few tabs and retries, then the user waits for expiry. */
export const MAX_LIVE_AUTHENTICATION_CHALLENGES = 10;

/**
 * The stored hash binds a sign-in challenge to its attempt: the attempt's id is hashed in with the challenge, so an
 * assertion made for one attempt finds nothing when answered in another (same user, another browser or tab).
 */
export function attemptChallengeHash(attemptId: string, challenge: string): string {
  return createHash('sha256').update(`${attemptId}\n${challenge}`, 'utf8').digest('base64url');
}

/** Why an assertion was refused: the Access Log reason and the words the OTP page shows. */
export class PasskeyAssertionRefused extends PasskeyRefusedError {
  constructor(
    readonly logReason: AccessLogReason,
    message: string,
  ) {
    super(logReason, message);
  }
}

const refuse = (reason: AccessLogReason, message: string) => new PasskeyAssertionRefused(reason, message);

export interface PasskeyAssertion {
  passkey: PasskeyRow;
  /** The UV flag of the authenticator data: the authenticator checked a PIN or biometrics. */
  userVerified: boolean;
}

/**
 * A passkey as the second factor of a sign-in (issue 12, SPEC §3.4): request options for the user's own
 * credentials, and the verification of the answer, which spends the challenge first and applies the signature
 * counter rule (a non-zero counter must go forward; 0 means the authenticator keeps none).
 */
export class PasskeyAuthentication {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    /** The user must sign in with a passkey whatever their group says (phishing-resistant sign-in for admins). */
    private readonly passkeyRequired: (user: UserRow) => Promise<boolean> = async () => false,
  ) {}

  /**
   * Whether the user can answer the OTP step with a passkey: they have one, and their Access Policy Group does not
   * say **Not allowed** (then their passkeys stay listed for removal but open nothing).
   */
  async hasPasskeys(user: UserRow): Promise<boolean> {
    if (!(await this.groupRules(user)).allowed) return false;
    return this.ownsPasskeys(user);
  }

  /** Whether the user has any passkey at all, whatever their group says of them. */
  async ownsPasskeys(user: UserRow): Promise<boolean> {
    return (await listPasskeysOfUser(this.store.db, user.id)).length > 0;
  }

  /** The user's group, read at each step: a change of the group applies to the next request. */
  private async groupRules(user: UserRow) {
    const group = await groupOfUser(this.store.db, user.tenant_id, user.group_id);
    return {
      allowed: group?.passkeys !== 'not-allowed' || (await this.passkeyRequired(user)),
      userVerification:
        group?.passkey_user_verification === 'required' ? ('required' as const) : ('preferred' as const),
    };
  }

  async options(attemptId: string, user: UserRow, rp: RelyingParty): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const now = this.clock.now();
    if (
      (await countLiveWebauthnChallenges(this.store.db, user.id, 'authenticate', now)) >=
      MAX_LIVE_AUTHENTICATION_CHALLENGES
    )
      throw new TooSoonError(PASSKEY_SIGN_IN_MESSAGES.tooManyRequests, 60);
    const rules = await this.groupRules(user);
    if (!rules.allowed) throw new ForbiddenError(PASSKEY_SIGN_IN_MESSAGES.notAllowedForGroup);
    const passkeys = await listPasskeysOfUser(this.store.db, user.id);
    const [{ generateAuthenticationOptions }] = await webauthnLibrary();
    const options = await generateAuthenticationOptions({
      rpID: rp.id,
      allowCredentials: passkeys.map((row) => ({
        id: row.credential_id,
        transports: transportsOf(row) as AuthenticatorTransport[],
      })),
      userVerification: rules.userVerification,
      timeout: WEBAUTHN_CHALLENGE_LIFETIME_MS,
    });
    await insertWebauthnChallenge(this.store.db, {
      challenge_hash: attemptChallengeHash(attemptId, options.challenge),
      tenant_id: user.tenant_id,
      user_id: user.id,
      purpose: 'authenticate',
      created_at: now,
      expires_at: now + WEBAUTHN_CHALLENGE_LIFETIME_MS,
    });
    return options;
  }

  /** The verified assertion, or a PasskeyAssertionRefused saying why. `responseText` is the browser's JSON. */
  async verify(attemptId: string, user: UserRow, rp: RelyingParty, responseText: string): Promise<PasskeyAssertion> {
    const response = parseResponse(responseText);
    let clientData;
    try {
      clientData = readClientData(response.response.clientDataJSON);
    } catch {
      throw refuse('passkey-malformed', PASSKEY_SIGN_IN_MESSAGES.malformed);
    }
    if (clientData.type !== 'webauthn.get') throw refuse('passkey-malformed', PASSKEY_SIGN_IN_MESSAGES.wrongCeremony);
    // Spent before anything else is looked at: one try per challenge, right or wrong, on whichever node.
    const challenge = await spendWebauthnChallenge(this.store.db, {
      hash: attemptChallengeHash(attemptId, clientData.challenge),
      tenantId: user.tenant_id,
      userId: user.id,
      purpose: 'authenticate',
    });
    if (!challenge) throw refuse('passkey-challenge-unknown', PASSKEY_SIGN_IN_MESSAGES.challengeUnknown);
    if (challenge.expires_at <= this.clock.now())
      throw refuse('passkey-challenge-expired', PASSKEY_SIGN_IN_MESSAGES.challengeExpired);
    if (clientData.origin !== rp.origin) throw refuse('passkey-wrong-origin', PASSKEY_SIGN_IN_MESSAGES.wrongOrigin);
    const passkey = await findPasskeyByCredentialId(this.store.db, user.tenant_id, response.id);
    if (!passkey || passkey.user_id !== user.id)
      throw refuse('passkey-unknown-credential', PASSKEY_SIGN_IN_MESSAGES.unknownCredential);
    const rules = await this.groupRules(user);
    if (!rules.allowed) throw refuse('passkey-invalid', PASSKEY_SIGN_IN_MESSAGES.notAllowedForGroup);

    const [{ verifyAuthenticationResponse }, { parseAuthenticatorData }] = await webauthnLibrary();
    try {
      parseAuthenticatorData(Buffer.from(response.response.authenticatorData, 'base64url'));
    } catch {
      throw refuse('passkey-malformed', PASSKEY_SIGN_IN_MESSAGES.malformed);
    }
    let verified: VerifiedAuthenticationResponse;
    try {
      verified = await verifyAuthenticationResponse({
        response: {
          ...response,
          clientExtensionResults: response.clientExtensionResults ?? {},
        } as AuthenticationResponseJSON,
        expectedChallenge: clientData.challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        expectedType: 'webauthn.get',
        credential: {
          id: passkey.credential_id,
          publicKey: Buffer.from(passkey.public_key, 'base64url'),
          // Our own counter rule runs after the signature is verified (below), so the library's is given nothing to
          // compare with: otherwise it would refuse the counter 0 that many platform authenticators always send.
          counter: 0,
        },
        requireUserVerification: rules.userVerification === 'required',
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : '';
      if (/^User verification required/.test(message))
        throw refuse('passkey-invalid', PASSKEY_MESSAGES.userNotVerified);
      if (error instanceof Error && (error.name === 'UnexpectedRPIDHash' || /RP ID/i.test(message)))
        throw refuse('passkey-wrong-rp-id', PASSKEY_SIGN_IN_MESSAGES.wrongRpId);
      throw refuse('passkey-invalid', PASSKEY_SIGN_IN_MESSAGES.notVerified);
    }
    if (!verified.verified) throw refuse('passkey-invalid', PASSKEY_SIGN_IN_MESSAGES.notVerified);
    const info = verified.authenticationInfo;
    const now = this.clock.now();
    if (!(await recordPasskeyUse(this.store.db, passkey.id, info.newCounter, now))) {
      await flagPasskey(this.store.db, passkey.id, now);
      throw refuse('passkey-counter-regressed', PASSKEY_SIGN_IN_MESSAGES.counterRegressed);
    }
    return { passkey, userVerified: info.userVerified };
  }
}

function parseResponse(text: string): AuthenticationResponse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw refuse('passkey-malformed', PASSKEY_SIGN_IN_MESSAGES.malformed);
  }
  if (!Value.Check(AuthenticationResponse, parsed))
    throw refuse('passkey-malformed', PASSKEY_SIGN_IN_MESSAGES.malformed);
  return parsed;
}
