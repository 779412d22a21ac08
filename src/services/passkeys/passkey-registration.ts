import { createHash } from 'node:crypto';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  RegistrationResponseJSON,
  VerifiedRegistrationResponse,
} from '@simplewebauthn/server';
import type { Clock } from '../../core/clock.js';
import { newId } from '../../core/ids.js';
import {
  type PasskeyGroupRules,
  passkeyRulesOf,
  type UserVerification,
  validatePasskeyName,
  WEBAUTHN_CHALLENGE_LIFETIME_MS,
} from '../../core/passkey-rules.js';
import { PASSKEY_MESSAGES } from '../../core/messages.js';
import type { RegistrationResponse } from '../../contract/portal/passkeys.js';
import type { Store } from '../../store/database.js';
import { groupOfUser } from '../../store/groups.js';
import { adminPasskeyChosenFor } from '../policy/admin-passkey-requirement.js';
import { insertPasskey, listPasskeysOfUser } from '../../store/passkeys.js';
import type { PasskeyRow, TenantRow, UserRow } from '../../store/schema.js';
import { isUniqueViolation } from '../../store/unique-violation.js';
import { insertWebauthnChallengeWithin, spendWebauthnChallenge } from '../../store/webauthn-challenges.js';
import type { Actor } from '../actor.js';
import type { AuditService } from '../audit-service.js';
import { ConflictError, ForbiddenError, PasskeyRefusedError, TooSoonError, ValidationError } from '../errors.js';
import { requireMayManage } from '../user-permissions.js';
import type { RelyingParty } from './relying-party.js';

/**
 * COSE algorithm identifiers (IANA registry): ES256 first (every platform authenticator has it), RS256 for Windows
 * Hello's older keys; nothing else.
 */
export const PASSKEY_ALGORITHMS: readonly number[] = [-7, -257];

/**
 * @simplewebauthn/server and its helpers are loaded at the first ceremony, not when the server starts: they take
 * about 30 MiB of memory on their own, which a node that never sees a passkey does not need to carry (issue 11's
 * memory goal, bench/README.md node-memory).
 */
let library: Promise<[typeof import('@simplewebauthn/server'), typeof import('@simplewebauthn/server/helpers')]>;
export function webauthnLibrary() {
  library ??= Promise.all([import('@simplewebauthn/server'), import('@simplewebauthn/server/helpers')]);
  return library;
}
/**
 * Each request for options stores a challenge: a user (or a script in their session) gets a handful at a time,
 * enough for a few tabs and retries, and then waits for them to expire.
 */
export const MAX_LIVE_REGISTRATION_CHALLENGES = 10;
const KNOWN_TRANSPORTS = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

/** Only a hash of a challenge is kept: a copy of the database does not let anyone answer a pending ceremony. */
export function challengeHash(challenge: string): string {
  return createHash('sha256').update(challenge, 'utf8').digest('base64url');
}

interface ClientData {
  type: string;
  challenge: string;
  origin: string;
}

export function readClientData(encoded: string): ClientData {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    const data = parsed as Partial<Record<keyof ClientData, unknown>>;
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      typeof data.type === 'string' &&
      typeof data.challenge === 'string' &&
      typeof data.origin === 'string'
    )
      return { type: data.type, challenge: data.challenge, origin: data.origin };
  } catch {
    // Falls through to the refusal below: not JSON at all reads the same as JSON of the wrong shape.
  }
  throw new PasskeyRefusedError('malformed-client-data', PASSKEY_MESSAGES.malformedClientData);
}

/** Decodes the attestation object up front so that broken CBOR gets its own message, not the library's wording. */
async function checkAttestationReadable(encoded: string): Promise<void> {
  const [, { decodeAttestationObject, parseAuthenticatorData }] = await webauthnLibrary();
  try {
    const authData = decodeAttestationObject(Buffer.from(encoded, 'base64url')).get('authData');
    if (!(authData instanceof Uint8Array)) throw new Error('no authData');
    parseAuthenticatorData(authData);
  } catch {
    throw new PasskeyRefusedError('malformed-attestation', PASSKEY_MESSAGES.malformedAttestation);
  }
}

/** Words what @simplewebauthn/server refused, after our own checks have ruled out the causes we test first. */
function refusalOf(error: unknown, rp: RelyingParty): PasskeyRefusedError {
  const message = error instanceof Error ? error.message : '';
  const name = error instanceof Error ? error.name : '';
  if (name === 'UnexpectedRPIDHash' || /RP ID/i.test(message))
    return new PasskeyRefusedError('wrong-rp-id', PASSKEY_MESSAGES.wrongRpId(rp.id));
  if (/public key alg|numeric alg/i.test(message))
    return new PasskeyRefusedError('unsupported-algorithm', PASSKEY_MESSAGES.unsupportedAlgorithm);
  if (/User verification was required/.test(message))
    return new PasskeyRefusedError('user-not-verified', PASSKEY_MESSAGES.userNotVerified);
  if (/User presence was required/.test(message))
    return new PasskeyRefusedError('user-not-present', PASSKEY_MESSAGES.userNotPresent);
  if (/CBOR|decode|Leftover bytes|Authenticator data was/i.test(message))
    return new PasskeyRefusedError('malformed-attestation', PASSKEY_MESSAGES.malformedAttestation);
  return new PasskeyRefusedError('not-verified', PASSKEY_MESSAGES.notVerified);
}

/**
 * Adding a passkey in the portal (issue 12, SPEC §3.4): the creation options with a fresh single-use challenge,
 * then the verification of the authenticator's answer and the new credential, stored under the name the user chose.
 */
export class PasskeyRegistration {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /**
   * The name is checked here too, so that the user hears of a bad or taken name before touching their
   * authenticator; the challenge is stored (hashed) for `finish`, on whichever node that arrives.
   */
  async start(
    tenant: TenantRow,
    actor: Actor,
    user: UserRow,
    rp: RelyingParty,
    nameInput: unknown,
    atLeast: UserVerification = 'preferred',
  ): Promise<PublicKeyCredentialCreationOptionsJSON> {
    requireMayManage(actor, user);
    const { userVerification } = await this.requireAllowed(tenant, user, atLeast);
    const existing = await listPasskeysOfUser(this.store.db, user.id);
    this.requireFreeName(existing, validatePasskeyName(nameInput));
    const [{ generateRegistrationOptions }] = await webauthnLibrary();
    const options = await generateRegistrationOptions({
      rpName: rp.name,
      rpID: rp.id,
      userName: user.login_id,
      userDisplayName: user.display_name || user.login_id,
      // The user handle comes back at a passwordless sign-in to name the account: the user's id, never PII.
      userID: new TextEncoder().encode(user.id),
      timeout: WEBAUTHN_CHALLENGE_LIFETIME_MS,
      attestationType: 'none',
      excludeCredentials: existing.map((row) => ({ id: row.credential_id, transports: transportsOf(row) })),
      authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification },
      supportedAlgorithmIDs: [...PASSKEY_ALGORITHMS],
    });
    const now = this.clock.now();
    const stored = await insertWebauthnChallengeWithin(
      this.store,
      {
        challenge_hash: challengeHash(options.challenge),
        tenant_id: tenant.id,
        user_id: user.id,
        purpose: 'register',
        created_at: now,
        expires_at: now + WEBAUTHN_CHALLENGE_LIFETIME_MS,
      },
      MAX_LIVE_REGISTRATION_CHALLENGES,
    );
    if (!stored) throw new TooSoonError(PASSKEY_MESSAGES.tooManyRequests, 60);
    return options;
  }

  /** Verifies the answer and stores the passkey; every refusal is written to the Admin Operation Log. */
  async finish(
    tenant: TenantRow,
    actor: Actor,
    user: UserRow,
    rp: RelyingParty,
    input: { name: unknown; response: RegistrationResponse },
    atLeast: UserVerification = 'preferred',
  ): Promise<PasskeyRow> {
    requireMayManage(actor, user);
    const name = validatePasskeyName(input.name);
    let groupRefused = false;
    try {
      // Read again, not carried from `start`: the group may have been changed while the authenticator was asked.
      const rules = await this.rulesFor(tenant, user, atLeast);
      if (!rules.allowed) {
        groupRefused = true;
        throw new ForbiddenError(PASSKEY_MESSAGES.notAllowedForGroup);
      }
      return await this.verifyAndStore(tenant, actor, user, rp, name, input.response, rules.userVerification);
    } catch (error) {
      if (
        groupRefused ||
        error instanceof PasskeyRefusedError ||
        error instanceof ConflictError ||
        error instanceof ValidationError
      )
        await this.audit.record(tenant.id, actor, {
          operation: 'passkey.add',
          targetType: 'user',
          targetId: user.id,
          targetLabel: user.login_id,
          after: {
            name,
            reason: groupRefused
              ? 'not-allowed-for-group'
              : error instanceof PasskeyRefusedError
                ? error.reason
                : error instanceof Error
                  ? error.message
                  : String(error),
          },
          result: 'failure',
        });
      throw error;
    }
  }

  private async verifyAndStore(
    tenant: TenantRow,
    actor: Actor,
    user: UserRow,
    rp: RelyingParty,
    name: string,
    response: RegistrationResponse,
    userVerification: UserVerification,
  ): Promise<PasskeyRow> {
    const clientData = readClientData(response.response.clientDataJSON);
    if (clientData.type !== 'webauthn.create')
      throw new PasskeyRefusedError('wrong-ceremony', PASSKEY_MESSAGES.wrongCeremony);
    // Spent before anything else is looked at: a response that carries our challenge gets one try, right or wrong.
    const challenge = await spendWebauthnChallenge(this.store.db, {
      hash: challengeHash(clientData.challenge),
      tenantId: tenant.id,
      userId: user.id,
      purpose: 'register',
    });
    if (!challenge) throw new PasskeyRefusedError('challenge-unknown', PASSKEY_MESSAGES.challengeUnknown);
    const now = this.clock.now();
    if (challenge.expires_at <= now)
      throw new PasskeyRefusedError('challenge-expired', PASSKEY_MESSAGES.challengeExpired);
    if (clientData.origin !== rp.origin)
      throw new PasskeyRefusedError('wrong-origin', PASSKEY_MESSAGES.wrongOrigin(clientData.origin, rp.origin));
    await checkAttestationReadable(response.response.attestationObject);

    const [{ verifyRegistrationResponse }] = await webauthnLibrary();
    let verified: VerifiedRegistrationResponse;
    try {
      verified = await verifyRegistrationResponse({
        response: {
          ...response,
          clientExtensionResults: response.clientExtensionResults ?? {},
        } as RegistrationResponseJSON,
        expectedChallenge: clientData.challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        expectedType: 'webauthn.create',
        requireUserVerification: userVerification === 'required',
        supportedAlgorithmIDs: [...PASSKEY_ALGORITHMS],
      });
    } catch (error) {
      throw refusalOf(error, rp);
    }
    if (!verified.verified) throw new PasskeyRefusedError('not-verified', PASSKEY_MESSAGES.notVerified);
    const info = verified.registrationInfo;

    const existing = await listPasskeysOfUser(this.store.db, user.id);
    this.requireFreeName(existing, name);
    const row: PasskeyRow = {
      id: newId(),
      tenant_id: tenant.id,
      user_id: user.id,
      credential_id: info.credential.id,
      public_key: Buffer.from(info.credential.publicKey).toString('base64url'),
      sign_count: info.credential.counter,
      transports: (response.response.transports ?? []).filter((t) => KNOWN_TRANSPORTS.has(t)).join(','),
      aaguid: info.aaguid,
      device_type: info.credentialDeviceType,
      backed_up: info.credentialBackedUp ? 1 : 0,
      name,
      created_at: now,
      last_used_at: 0,
      flagged_at: 0,
    };
    try {
      await this.store.db.transaction().execute(async (trx) => {
        await insertPasskey(trx, row);
        await this.audit.record(
          tenant.id,
          actor,
          {
            operation: 'passkey.add',
            targetType: 'user',
            targetId: user.id,
            targetLabel: user.login_id,
            after: { name, passkeyId: row.id, deviceType: row.device_type, aaguid: row.aaguid },
          },
          trx,
        );
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Either the credential is already someone's, or a racing request took the name: tell which.
      const names = await listPasskeysOfUser(this.store.db, user.id);
      if (names.some((other) => other.name === name))
        throw new ConflictError(PASSKEY_MESSAGES.duplicateName(name), 'name');
      throw new ConflictError(PASSKEY_MESSAGES.alreadyRegistered);
    }
    return row;
  }

  /** The user's group's rules; the caller's `atLeast` can only make user verification stricter. */
  async rulesFor(
    tenant: TenantRow,
    user: UserRow,
    atLeast: UserVerification = 'preferred',
  ): Promise<PasskeyGroupRules> {
    const rules = passkeyRulesOf(await groupOfUser(this.store.db, tenant.id, user.group_id), atLeast);
    // An admin whom the tenant requires (or will require) to sign in with a passkey may add one whatever their group.
    return rules.allowed || !adminPasskeyChosenFor(tenant, user) ? rules : { ...rules, allowed: true };
  }

  private async requireAllowed(
    tenant: TenantRow,
    user: UserRow,
    atLeast: UserVerification,
  ): Promise<PasskeyGroupRules> {
    const rules = await this.rulesFor(tenant, user, atLeast);
    if (!rules.allowed) throw new ForbiddenError(PASSKEY_MESSAGES.notAllowedForGroup);
    return rules;
  }

  private requireFreeName(existing: readonly PasskeyRow[], name: string): void {
    if (existing.some((row) => row.name === name))
      throw new ConflictError(PASSKEY_MESSAGES.duplicateName(name), 'name');
  }
}

export function transportsOf(row: Pick<PasskeyRow, 'transports'>): string[] {
  return row.transports === '' ? [] : row.transports.split(',');
}
