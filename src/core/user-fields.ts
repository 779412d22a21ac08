import { ValidationError } from './validation-error.js';
import { isRole, type Role } from './roles.js';
import { STORED_STATUSES, type StoredStatus } from './user-status.js';

export const MAX_LOGIN_ID_LENGTH = 254;
export const MAX_NAME_LENGTH = 256;

/**
 * Deliberately simple: one @, a non-empty local part, a dotted domain, no spaces or control characters.
 * RFC 5322 allows far more, but login IDs are typed by people and matched case-insensitively.
 */
const EMAIL_PATTERN =
  /^[^\s@<>()[\]\\,;:"\u0000-\u001f\u007f]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export function isEmailAddress(value: string): boolean {
  return value.length <= MAX_LOGIN_ID_LENGTH && EMAIL_PATTERN.test(value);
}

export function normalizeLoginId(loginId: string): string {
  return loginId.trim().toLowerCase();
}

export interface UserFieldsInput {
  loginId?: unknown;
  displayName?: unknown;
  familyName?: unknown;
  givenName?: unknown;
  email?: unknown;
  status?: unknown;
  role?: unknown;
  groupId?: unknown;
  attributes?: unknown;
}

export interface UserFields {
  loginId?: string;
  displayName?: string;
  familyName?: string;
  givenName?: string;
  email?: string;
  status?: StoredStatus;
  role?: Role;
  groupId?: string;
  attributes?: Record<string, string>;
}

export const MAX_ATTRIBUTES = 50;
/** A custom attribute's name: also what `attr.<id>:` and the SAML settings refer to. */
export const ATTRIBUTE_NAME = /^[a-z0-9_][a-z0-9_.-]{0,63}$/;

const NAME_FIELDS = [
  ['displayName', 'Display Name'],
  ['familyName', 'Family Name'],
  ['givenName', 'Given Name'],
] as const;

function requireString(value: unknown, field: string, label: string): string {
  if (typeof value !== 'string') throw new ValidationError(`${label} must be text.`, field);
  return value;
}

/** Checks every field present in `input`; absent fields stay absent so that the result can patch a user. */
export function validateUserFields(input: UserFieldsInput): UserFields {
  const out: UserFields = {};
  if (input.loginId !== undefined) {
    const loginId = requireString(input.loginId, 'loginId', 'Login ID').trim();
    if (loginId === '') throw new ValidationError('Login ID is required.', 'loginId');
    if (loginId.length > MAX_LOGIN_ID_LENGTH)
      throw new ValidationError(`Login ID must be at most ${MAX_LOGIN_ID_LENGTH} characters.`, 'loginId');
    if (!isEmailAddress(loginId))
      throw new ValidationError('Login ID must be an email address, such as alice@example.com.', 'loginId');
    out.loginId = loginId;
  }
  for (const [field, label] of NAME_FIELDS) {
    if (input[field] === undefined) continue;
    const value = requireString(input[field], field, label).trim();
    if (value.length > MAX_NAME_LENGTH)
      throw new ValidationError(`${label} must be at most ${MAX_NAME_LENGTH} characters.`, field);
    if (/[\u0000-\u001f\u007f]/.test(value))
      throw new ValidationError(`${label} must not contain control characters.`, field);
    out[field] = value;
  }
  if (input.email !== undefined) {
    const email = requireString(input.email, 'email', 'Email').trim();
    if (email !== '' && !isEmailAddress(email))
      throw new ValidationError('Email must be an email address, such as alice@example.com.', 'email');
    out.email = email;
  }
  if (input.status !== undefined) {
    if (!(STORED_STATUSES as readonly unknown[]).includes(input.status))
      throw new ValidationError('Status must be "enabled" or "disabled".', 'status');
    out.status = input.status as StoredStatus;
  }
  if (input.role !== undefined) {
    if (!isRole(input.role))
      throw new ValidationError('Role must be one of "none", "global-admin", "user-admin", "read-only-admin".', 'role');
    out.role = input.role;
  }
  if (input.groupId !== undefined) {
    if (typeof input.groupId !== 'string' || input.groupId === '' || input.groupId.length > 64)
      throw new ValidationError('Access Policy Groups must name a group.', 'groupId');
    out.groupId = input.groupId;
  }
  if (input.attributes !== undefined) out.attributes = validateAttributes(input.attributes);
  return out;
}

/** Custom attributes, tested by `attr.<id>:<value>` in access conditions: lower-case names, text values. */
function validateAttributes(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ValidationError('Attributes must be an object of names and text values.', 'attributes');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_ATTRIBUTES)
    throw new ValidationError(`A user has at most ${MAX_ATTRIBUTES} attributes.`, 'attributes');
  const out: Record<string, string> = {};
  for (const [name, text] of entries) {
    if (!ATTRIBUTE_NAME.test(name))
      throw new ValidationError(
        `"${name}" is not an attribute name (a-z, 0-9, ".", "_", "-"; up to 64).`,
        'attributes',
      );
    if (typeof text !== 'string' || text.length > 256 || /\s/.test(text))
      throw new ValidationError(
        `Attribute "${name}" must be text of at most 256 characters without spaces.`,
        'attributes',
      );
    out[name] = text;
  }
  return out;
}
