import assert from 'node:assert/strict';
import type {
  AccessLogEntry,
  AuditEntry,
  CreatedUser,
  ErrorBody,
  Group,
  UserPage,
} from '../../src/contract/admin-api/index.js';
import { HttpClient, type HttpAnswer } from './http-client.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD, type TestServer } from './test-server.js';

// The admin API's answers, as its contract types them (src/contract/admin-api).
/** A user; `generatedPassword` only in the answer that added them without a password. */
export type ApiUser = CreatedUser;
export type ApiUserPage = UserPage;
export type ApiAuditEntry = AuditEntry;
export type ApiGroup = Group;
export type ApiAccessLogEntry = AccessLogEntry;

/** A password that every built-in policy accepts. */
export const GOOD_PASSWORD = 'Sturdy-Passw0rd!';

/** A browser that has signed in through the login form; fails the test when the sign-in does not succeed. */
export async function signedInClient(
  server: TestServer,
  loginId = ADMIN_LOGIN,
  password = ADMIN_PASSWORD,
  options: { domain?: string; keepMeLoggedIn?: boolean } = {},
): Promise<HttpClient> {
  const client = new HttpClient(server.baseUrl, options.domain);
  const answer = await client.login(loginId, password, options.keepMeLoggedIn ? { keepMeLoggedIn: 'yes' } : {});
  assert.equal(
    answer.status,
    303,
    `sign-in of ${loginId} should succeed, got ${answer.status}: ${answer.text.slice(0, 300)}`,
  );
  return client;
}

/** Adds a user through the admin API (password GOOD_PASSWORD unless given) and fails the test if that is refused. */
export async function addUser(
  admin: HttpClient,
  fields: { loginId: string } & Record<string, unknown>,
): Promise<ApiUser> {
  const answer = await admin.api('POST', '/users', { password: GOOD_PASSWORD, ...fields });
  assert.equal(answer.status, 201, `adding ${fields.loginId} should succeed, got ${answer.status}: ${answer.text}`);
  return answer.json<ApiUser>();
}

export async function findUsers(admin: HttpClient, query: Record<string, string>): Promise<ApiUserPage> {
  const answer = await admin.api('GET', `/users?${new URLSearchParams(query)}`);
  assert.equal(answer.status, 200, answer.text);
  return answer.json<ApiUserPage>();
}

/** The tries a fresh browser makes to sign in; answers the status code only. */
export async function signInStatus(
  server: TestServer,
  loginId: string,
  password: string,
  domain?: string,
): Promise<number> {
  return (await new HttpClient(server.baseUrl, domain).login(loginId, password)).status;
}

/**
 * Checks the documented error shape `{error, message, field?}` and that nothing of the server's insides
 * (stack frames, SQL, driver names) leaks into it.
 */
export function assertApiError(answer: HttpAnswer, status: number, error: string, field?: string): ErrorBody {
  assert.equal(answer.status, status, `expected ${status} ${error}, got ${answer.status}: ${answer.text}`);
  assert.match(answer.headers.get('content-type') ?? '', /application\/json/);
  const body = answer.json<ErrorBody>();
  assert.deepEqual(
    Object.keys(body).filter((k) => !['error', 'message', 'field'].includes(k)),
    [],
    `unexpected keys in ${answer.text}`,
  );
  assert.equal(body.error, error, answer.text);
  assert.equal(typeof body.message, 'string');
  assert.ok(body.message.length > 0);
  if (field !== undefined) assert.equal(body.field, field, answer.text);
  assertNoInternals(answer.text);
  return body;
}

export function assertNoInternals(text: string): void {
  assert.doesNotMatch(text, /\n\s+at /, 'a stack trace leaked');
  assert.doesNotMatch(text, /\bat .+\.(ts|js):\d+/, 'a stack frame leaked');
  assert.doesNotMatch(text, /\b(select|insert into|update \w+ set|delete from)\b/i, 'SQL leaked');
  assert.doesNotMatch(text, /sqlite|postgres|kysely|SQLITE_|duplicate key/i, 'database details leaked');
}

/** The raw Set-Cookie header for one cookie name, or undefined. */
export function setCookieHeader(answer: HttpAnswer, name: string): string | undefined {
  return answer.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
}

/** RFC 4180 parsing, enough to read back the CSV downloads: quoted cells, doubled quotes, CRLF rows. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** The error paragraph of a re-shown login, OTP or OTP setup page. */
export function pageError(answer: HttpAnswer): string | undefined {
  return /<p class="error" role="alert">([^<]*)<\/p>/.exec(answer.text)?.[1];
}

/** Adds an Access Policy Group and fails the test if that is refused. */
export async function addGroup(
  admin: HttpClient,
  fields: { displayName: string } & Record<string, unknown>,
): Promise<ApiGroup> {
  const answer = await admin.api('POST', '/groups', fields);
  assert.equal(
    answer.status,
    201,
    `adding group ${fields.displayName} should succeed, got ${answer.status}: ${answer.text}`,
  );
  return answer.json<ApiGroup>();
}

/** Access Log entries, newest first, for the given filters (e.g. `{ userId }`). */
export async function accessLogEntries(
  admin: HttpClient,
  query: Record<string, string> = {},
): Promise<ApiAccessLogEntry[]> {
  const answer = await admin.api('GET', `/access-logs?${new URLSearchParams({ limit: '200', ...query })}`);
  assert.equal(answer.status, 200, answer.text);
  return answer.json<{ items: ApiAccessLogEntry[] }>().items;
}

/**
 * The first half of a sign-in through the login form, as a browser at `ip` behind a trusted proxy would send it
 * (`X-Forwarded-For`; the server believes it only with TRUST_PROXY). Answers the form's answer, unfollowed.
 */
export async function submitLogin(
  client: HttpClient,
  loginId: string,
  password: string,
  options: { ip?: string; keepMeLoggedIn?: boolean } = {},
): Promise<HttpAnswer> {
  const headers: Record<string, string> = options.ip ? { 'x-forwarded-for': options.ip } : {};
  const path = `/portal/${client.domain}/login`;
  const token = await client.formToken(path);
  const form: Record<string, string> = {
    _csrf: token,
    loginId,
    password,
    ...(options.keepMeLoggedIn ? { keepMeLoggedIn: 'yes' } : {}),
  };
  return client.request('POST', path, { form, headers });
}

/** Types a code into the One-Time Password step of a sign-in in progress. */
export async function submitOtp(client: HttpClient, code: string, options: { ip?: string } = {}): Promise<HttpAnswer> {
  const headers: Record<string, string> = options.ip ? { 'x-forwarded-for': options.ip } : {};
  const path = `/portal/${client.domain}/login/otp`;
  const token = await client.formToken(path);
  return client.request('POST', path, { form: { _csrf: token, code }, headers });
}
