import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TotpSetup } from '../../src/contract/admin-api/index.js';
import type { HttpClient } from './http-client.js';

/**
 * What a user's own tools would do with a QR code: zbarimg reads it, oathtool computes the codes. Both are
 * independent of the server's TOTP and QR code libraries, so a test using them checks interoperability.
 */
const TOOLS = ['/usr/bin/oathtool', '/usr/bin/zbarimg'];

/** Why OTP tests that need the tools cannot run, or false; CI must not skip them. */
export function otpToolsSkipReason(): string | false {
  const missing = TOOLS.filter((tool) => {
    try {
      accessSync(tool, constants.X_OK);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return false;
  const reason = `SKIPPED: ${missing.join(', ')} not installed (apt-get install oathtool zbar-tools); OTP interoperability tests did not run.`;
  if (process.env.CI) throw new Error(`${reason} CI must not skip them.`);
  console.warn(`\n*** ${reason} ***\n`);
  return reason;
}

/** The code an RFC 6238 app shows for the Base32 secret at `atMs` (now, if not given). */
export function oathtoolCode(secretBase32: string, atMs?: number): string {
  const args = ['--totp', '-b', secretBase32];
  if (atMs !== undefined) args.push('-N', `@${Math.floor(atMs / 1000)}`);
  const code = execFileSync('oathtool', args, { encoding: 'utf8' }).trim();
  assert.match(code, /^\d{6}$/, `oathtool printed "${code}"`);
  return code;
}

/** A six-digit code that is valid for none of the steps the server accepts at `atMs` (±1 step). */
export function wrongCode(secretBase32: string, atMs = Date.now()): string {
  const valid = new Set([-30_000, 0, 30_000].map((offset) => oathtoolCode(secretBase32, atMs + offset)));
  for (let n = 123456; ; n = (n + 111_111) % 1_000_000) {
    const candidate = String(n).padStart(6, '0');
    if (!valid.has(candidate)) return candidate;
  }
}

/** What zbarimg reads from a PNG image of a QR code. */
export function decodeQrImage(png: Buffer): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-qr-'));
  try {
    const file = path.join(dir, 'qr.png');
    writeFileSync(file, png);
    return execFileSync('zbarimg', ['-q', '--raw', file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function secretOfOtpauthUri(uri: string): string {
  const secret = new URL(uri).searchParams.get('secret');
  assert.ok(secret, `no secret in ${uri}`);
  return secret;
}

export async function startTotpSetup(admin: HttpClient, userId: string): Promise<TotpSetup> {
  const answer = await admin.api('POST', `/users/${userId}/otp/setup/totp`);
  assert.equal(answer.status, 200, answer.text);
  return answer.json<TotpSetup>();
}

/**
 * Registers an authenticator app for the user the way an admin does (QR code, then a code from the app) and
 * answers the secret, so that the test can act as the user's app afterwards.
 */
export async function registerAuthenticatorApp(admin: HttpClient, userId: string, atMs?: number): Promise<string> {
  const setup = await startTotpSetup(admin, userId);
  const secret = secretOfOtpauthUri(setup.otpauthUri);
  const confirm = await admin.api('POST', `/users/${userId}/otp/setup/${setup.setupId}/confirm`, {
    code: oathtoolCode(secret, atMs),
  });
  assert.equal(confirm.status, 200, confirm.text);
  return secret;
}

/** A binary download (the QR code PNG) with the client's cookies; HttpClient reads bodies as text. */
export async function downloadBytes(
  client: HttpClient,
  urlPath: string,
): Promise<{ status: number; contentType: string; body: Buffer }> {
  const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const response = await fetch(client.baseUrl + urlPath, { headers: { cookie } });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: Buffer.from(await response.arrayBuffer()),
  };
}
