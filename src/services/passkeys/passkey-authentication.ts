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
import {
  type PasskeyGroupRules,
  passkeyRulesOf,
  type UserVerification,
  WEBAUTHN_CHALLENGE_LIFETIME_MS,
} from '../../core/passkey-rules.js';
import type { AccessLogReason } from '../../core/access-log-reasons.js';
import { AuthenticationResponse } from '../../contract/portal/passkey-sign-in.js';
import type { Store } from '../../store/database.js';
import { groupOfUser } from '../../store/groups.js';
import {
  findPasskeyByCredentialId,
  flagPasskey,
  listPasskeysOfUser,
  ownsAnyPasskey,
  recordPasskeyUse,
} from '../../store/passkeys.js';
import type { PasskeyRow, UserRow } from '../../store/schema.js';
import {
  insertWebauthnChallenge,
  insertWebauthnChallengeWithin,
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

/**
 * A passwordless challenge has no attempt and no user yet: it is bound to the browser instead, by the random nonce
 * of its short-lived HttpOnly cookie, so that an assertion made in one browser finds nothing when sent from another.
 * The prefix keeps the two kinds of binding apart whatever their random parts.
 */
export function browserChallengeHash(browserNonce: string, challenge: string): string {
  return createHash('sha256').update(`passwordless\n${browserNonce}\n${challenge}`, 'utf8').digest('base64url');
}

/** Why an assertion was refused: the Access Log reason and the words the page shows. */
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

/** An answer whose challenge was ours and is now spent: readable, in time, from our origin. Not yet verified. */
export interface SpentAnswer {
  response: AuthenticationResponse;
  challenge: string;
}

/** Which challenge an answer must have been given: how it is bound, and to whom. */
export interface ChallengeBinding {
  hashOf(challenge: string): string;
  tenantId: string;
  /** null for a passwordless sign-in, whose user is known only from the answer. */
  userId: string | null;
}

/**
 * A passkey at sign-in (issue 12, SPEC §3.4): as the second factor of a password sign-in (options for the user's own
 * credentials, bound to the attempt) or alone (discoverable options, bound to the browser). Both answers go through
 * the same pieces, in the same order: the challenge is spent first, then the credential is found, then the
 * signature and the signature counter rule (a non-zero counter must go forward; 0 means the authenticator keeps
 * none) are checked.
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
    return (await this.rulesFor(user)).allowed && (await ownsAnyPasskey(this.store.db, user.id));
  }

  /** Whether the user has any passkey at all, whatever their group says of them. */
  ownsPasskeys(user: UserRow): Promise<boolean> {
    return ownsAnyPasskey(this.store.db, user.id);
  }

  /** The user's group, read at each step: a change of the group applies to the next request. */
  async rulesFor(user: UserRow): Promise<PasskeyGroupRules> {
    const rules = passkeyRulesOf(await groupOfUser(this.store.db, user.tenant_id, user.group_id));
    // Under phishing-resistant sign-in for admins a passkey is an admin's only way in: their group cannot shut it.
    if (!rules.allowed && (await this.passkeyRequired(user))) return { ...rules, allowed: true };
    return rules;
  }

  /** Options for the OTP step: the user's own passkeys, the challenge bound to the attempt. */
  async options(attemptId: string, user: UserRow, rp: RelyingParty): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const rules = await this.rulesFor(user);
    if (!rules.allowed) throw new ForbiddenError(PASSKEY_SIGN_IN_MESSAGES.notAllowedForGroup);
    const passkeys = await listPasskeysOfUser(this.store.db, user.id);
    const options = await this.generate(
      rp,
      rules.userVerification,
      passkeys.map((row) => ({ id: row.credential_id, transports: transportsOf(row) as AuthenticatorTransport[] })),
    );
    const now = this.clock.now();
    const stored = await insertWebauthnChallengeWithin(
      this.store,
      {
        challenge_hash: attemptChallengeHash(attemptId, options.challenge),
        tenant_id: user.tenant_id,
        user_id: user.id,
        purpose: 'authenticate',
        created_at: now,
        expires_at: now + WEBAUTHN_CHALLENGE_LIFETIME_MS,
      },
      MAX_LIVE_AUTHENTICATION_CHALLENGES,
    );
    if (!stored) throw new TooSoonError(PASSKEY_SIGN_IN_MESSAGES.tooManyRequests, 60);
    return options;
  }

  /**
   * Options for **Sign in with a passkey**: no credentials listed (the authenticator offers the passkeys it holds
   * for this site), user verification required whatever the group says, as without a password the authenticator's
   * PIN or biometrics is the second factor. The caller bounds how many an address may ask for.
   */
  async passwordlessOptions(
    tenantId: string,
    browserNonce: string,
    rp: RelyingParty,
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    // Without a password the passkey is both factors only if the authenticator checks who holds it (PIN, biometrics).
    const options = await this.generate(rp, 'required', []);
    const now = this.clock.now();
    await insertWebauthnChallenge(this.store.db, {
      challenge_hash: browserChallengeHash(browserNonce, options.challenge),
      tenant_id: tenantId,
      user_id: null,
      purpose: 'authenticate',
      created_at: now,
      expires_at: now + WEBAUTHN_CHALLENGE_LIFETIME_MS,
    });
    return options;
  }

  /** The OTP step's answer: the verified assertion, or a PasskeyAssertionRefused saying why. */
  async verify(attemptId: string, user: UserRow, rp: RelyingParty, responseText: string): Promise<PasskeyAssertion> {
    const binding = {
      hashOf: (challenge: string) => attemptChallengeHash(attemptId, challenge),
      tenantId: user.tenant_id,
      userId: user.id,
    };
    const answer = await this.spend(binding, rp, responseText);
    const passkey = await this.findCredential(user.tenant_id, answer);
    if (!passkey || passkey.user_id !== user.id)
      throw refuse('passkey-unknown-credential', PASSKEY_SIGN_IN_MESSAGES.unknownCredential);
    const rules = await this.rulesFor(user);
    if (!rules.allowed) throw refuse('passkey-invalid', PASSKEY_SIGN_IN_MESSAGES.notAllowedForGroup);
    return this.verifySignature(answer, passkey, rp, rules.userVerification);
  }

  /**
   * Reads the answer and spends its challenge before anything else is looked at: one try per challenge, right or
   * wrong, on whichever node. Then the challenge's expiry and the origin the browser signed for.
   */
  async spend(binding: ChallengeBinding, rp: RelyingParty, responseText: string): Promise<SpentAnswer> {
    const response = parseResponse(responseText);
    let clientData;
    try {
      clientData = readClientData(response.response.clientDataJSON);
    } catch {
      throw refuse('passkey-malformed', PASSKEY_SIGN_IN_MESSAGES.malformed);
    }
    if (clientData.type !== 'webauthn.get') throw refuse('passkey-malformed', PASSKEY_SIGN_IN_MESSAGES.wrongCeremony);
    const challenge = await spendWebauthnChallenge(this.store.db, {
      hash: binding.hashOf(clientData.challenge),
      tenantId: binding.tenantId,
      userId: binding.userId,
      purpose: 'authenticate',
    });
    if (!challenge) throw refuse('passkey-challenge-unknown', PASSKEY_SIGN_IN_MESSAGES.challengeUnknown);
    if (challenge.expires_at <= this.clock.now())
      throw refuse('passkey-challenge-expired', PASSKEY_SIGN_IN_MESSAGES.challengeExpired);
    if (clientData.origin !== rp.origin) throw refuse('passkey-wrong-origin', PASSKEY_SIGN_IN_MESSAGES.wrongOrigin);
    return { response, challenge: clientData.challenge };
  }

  /** The passkey the answer names, within the tenant (its owner is for the caller to check). */
  findCredential(tenantId: string, answer: SpentAnswer): Promise<PasskeyRow | undefined> {
    return findPasskeyByCredentialId(this.store.db, tenantId, answer.response.id);
  }

  /** The signature by the passkey's key (with user verification when required), then the signature counter rule. */
  async verifySignature(
    answer: SpentAnswer,
    passkey: PasskeyRow,
    rp: RelyingParty,
    userVerification: UserVerification,
    unverifiedMessage: string = PASSKEY_MESSAGES.userNotVerified,
  ): Promise<PasskeyAssertion> {
    const { response } = answer;
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
        expectedChallenge: answer.challenge,
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
        requireUserVerification: userVerification === 'required',
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : '';
      if (/^User verification required/.test(message)) throw refuse('passkey-invalid', unverifiedMessage);
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

  private async generate(
    rp: RelyingParty,
    userVerification: UserVerification,
    allowCredentials: { id: string; transports: AuthenticatorTransport[] }[],
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const [{ generateAuthenticationOptions }] = await webauthnLibrary();
    return generateAuthenticationOptions({
      rpID: rp.id,
      allowCredentials,
      userVerification,
      timeout: WEBAUTHN_CHALLENGE_LIFETIME_MS,
    });
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
