import { ValidationError } from '../validation-error.js';

/** SAML metadata allows entity IDs of at most 1024 characters (saml-metadata-2.0 §2.2.1). */
export const MAX_ENTITY_ID_LENGTH = 1024;
export const MAX_URL_LENGTH = 2048;

/** A preset's placeholder still in a value: `{your-domain}`. */
const PLACEHOLDER = /\{[^{}\s]*\}/;

/** Hosts that may be reached over plain http, so that a service provider on the admin's own machine can be tried. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function refusePlaceholder(text: string, field: string, label: string): void {
  const placeholder = PLACEHOLDER.exec(text)?.[0];
  if (placeholder)
    throw new ValidationError(
      `${label} still contains the placeholder ${placeholder}: replace it with your own value.`,
      field,
    );
}

function refuseControlCharacters(text: string, field: string, label: string): void {
  if (/[\u0000-\u001f\u007f]/.test(text))
    throw new ValidationError(`${label} must not contain control characters.`, field);
}

/**
 * A URL Gatehouse sends users to with a SAML message: https, or http to the loopback host only (for trying a
 * service provider on one's own machine; assertions must never cross a network in clear). No credentials and no
 * fragment. The text is kept as typed, since service providers name their URLs exactly in their requests.
 */
export function checkServiceUrl(value: unknown, field: string, label: string): string {
  if (typeof value !== 'string') throw new ValidationError(`${label} must be text.`, field);
  const text = value.trim();
  if (text === '') throw new ValidationError(`${label} is required.`, field);
  if (text.length > MAX_URL_LENGTH)
    throw new ValidationError(`${label} must be at most ${MAX_URL_LENGTH} characters.`, field);
  refusePlaceholder(text, field, label);
  refuseControlCharacters(text, field, label);
  if (/\s/.test(text)) throw new ValidationError(`${label} must not contain spaces.`, field);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError(`${label} is not a URL (https://...).`, field);
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname))
    throw new ValidationError(
      `${label} must use https (plain http is allowed only for localhost and 127.0.0.1, for testing).`,
      field,
    );
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ValidationError(`${label} must be an https URL.`, field);
  if (url.username || url.password)
    throw new ValidationError(`${label} must not contain a user name or password.`, field);
  if (url.hash || text.includes('#')) throw new ValidationError(`${label} must not contain a fragment (#...).`, field);
  return text;
}

/**
 * An SP entity ID: usually a URL or a URN, but some well-known services use bare names (`google.com`), so any
 * text without spaces is accepted. Compared exactly, as SAML compares it.
 */
export function checkEntityId(value: unknown, field: string, label: string): string {
  if (typeof value !== 'string') throw new ValidationError(`${label} must be text.`, field);
  const text = value.trim();
  if (text === '') throw new ValidationError(`${label} is required.`, field);
  if (text.length > MAX_ENTITY_ID_LENGTH)
    throw new ValidationError(`${label} must be at most ${MAX_ENTITY_ID_LENGTH} characters.`, field);
  refusePlaceholder(text, field, label);
  refuseControlCharacters(text, field, label);
  if (/\s/.test(text)) throw new ValidationError(`${label} must not contain spaces.`, field);
  return text;
}

/** Text shown to people or sent as an attribute: bounded, no control characters. */
export function checkText(value: unknown, field: string, label: string, maxLength: number): string {
  if (typeof value !== 'string') throw new ValidationError(`${label} must be text.`, field);
  const text = value.trim();
  if (text.length > maxLength) throw new ValidationError(`${label} must be at most ${maxLength} characters.`, field);
  refuseControlCharacters(text, field, label);
  return text;
}

export function checkBoolean(value: unknown, field: string, label: string): boolean {
  if (typeof value !== 'boolean') throw new ValidationError(`${label} must be true or false.`, field);
  return value;
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string, label: string): T {
  if (!(allowed as readonly unknown[]).includes(value))
    throw new ValidationError(`${label} must be one of ${allowed.join(', ')}.`, field);
  return value as T;
}

/** Refuses fields the settings do not have, so a typo in an API call is not silently dropped. */
export function refuseUnknownFields(input: object, known: readonly string[], prefix: string): void {
  for (const key of Object.keys(input))
    if (!known.includes(key)) throw new ValidationError(`Field "${prefix}${key}" is not a known field.`, prefix + key);
}

export function asObject(value: unknown, field: string, label: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ValidationError(`${label} must be an object.`, field);
  return value as Record<string, unknown>;
}
