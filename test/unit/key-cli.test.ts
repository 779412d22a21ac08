import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { verify } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { base64urlToBytes, canonicalString } from '../../key/protocol/index.js';
import { buildOtpauthUri } from '../../src/core/otp/otpauth-uri.js';
import { generateTotpSecret, matchTotp } from '../../src/core/otp/totp.js';
import { qrPng } from '../../src/services/otp/qr-code.js';

// The gatehouse-key command against a small stand-in of the server side of docs/key-protocol.md. The stand-in
// checks signatures with Node's crypto on its own, so these tests catch any drift from the documented format.

const mainTs = fileURLToPath(new URL('../../key/cli/main.ts', import.meta.url));
const home = await mkdtemp(path.join(tmpdir(), 'gatehouse-key-cli-'));
const secret = generateTotpSecret();

interface FakeRequest {
  id: string;
  browserNumber: number;
  status: 'pending' | 'accepted' | 'rejected' | 'reported';
  /** The decision bodies the command sent, as sent. */
  answers: string[];
}
const fake = { publicKey: undefined as object | undefined, requests: [] as FakeRequest[], refusedSignatures: 0 };

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

async function signatureVerifies(req: IncomingMessage, body: string): Promise<boolean> {
  const fields = Object.fromEntries(
    [...(req.headers.authorization ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
  );
  if (!req.headers.authorization?.startsWith('GatehouseKey ') || fields.device !== 'device-1' || !fake.publicKey)
    return false;
  const text = await canonicalString({
    method: req.method!,
    pathAndQuery: req.url!,
    ts: fields.ts!,
    nonce: fields.nonce!,
    body,
  });
  return verify(
    'sha256',
    Buffer.from(text),
    { key: fake.publicKey as never, format: 'jwk', dsaEncoding: 'ieee-p1363' },
    base64urlToBytes(fields.sig!),
  );
}

const server = createServer(async (req, res) => {
  const body = await readBody(req);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/key/v1`;
  if (req.method === 'POST' && req.url === '/api/key/v1/enroll/setup1.good') {
    const sent = JSON.parse(body) as { publicKey: Record<string, string>; deviceName: string; code: string };
    if (matchTotp(secret, sent.code, Date.now(), 0) === null)
      return reply(res, 400, { error: 'validation_failed', message: 'Invalid one-time password.' });
    assert.deepEqual(Object.keys(sent.publicKey).sort(), ['crv', 'kty', 'x', 'y']);
    fake.publicKey = sent.publicKey;
    return reply(res, 201, {
      deviceId: 'device-1',
      loginId: 'alice@example.com',
      domain: 'example.com',
      issuer: 'Gatehouse',
      apiBase: base,
    });
  }
  if (req.method === 'POST' && req.url === '/api/key/v1/enroll/setup0.used') {
    return reply(res, 409, {});
  }
  if (!(await signatureVerifies(req, body))) {
    fake.refusedSignatures += 1;
    return reply(res, 401, { error: 'unauthorized', message: 'The request signature is not valid.' });
  }
  if (req.method === 'GET' && req.url === '/api/key/v1/requests') {
    const now = Date.now();
    const items = fake.requests
      .filter((r) => r.status === 'pending')
      .map((r) => ({
        id: r.id,
        service: 'Portal',
        ip: '203.0.113.7',
        userAgent: 'Firefox',
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + 60_000).toISOString(),
      }));
    return reply(res, 200, { items });
  }
  const decision = /^\/api\/key\/v1\/requests\/([^/]+)\/decision$/.exec(req.url ?? '');
  const request = fake.requests.find((r) => r.id === decision?.[1]);
  if (req.method === 'POST' && request) {
    if (request.status !== 'pending')
      return reply(res, 409, { error: 'conflict', message: 'This request was already answered.' });
    request.answers.push(body);
    const sent = JSON.parse(body) as { decision: string; number?: number };
    if (sent.decision === 'accept' && sent.number !== request.browserNumber) {
      request.status = 'rejected';
      return reply(res, 400, {
        error: 'validation_failed',
        field: 'number',
        message: 'The number does not match the one shown in the browser.',
      });
    }
    const statuses: Record<string, FakeRequest['status']> = {
      accept: 'accepted',
      reject: 'rejected',
      'not-me': 'reported',
    };
    const status = statuses[sent.decision];
    if (!status) return reply(res, 400, { error: 'validation_failed', field: 'decision', message: 'Bad decision.' });
    request.status = status;
    return reply(res, 200, { status });
  }
  reply(res, 404, { error: 'not_found', message: 'Not found.' });
});

let origin = '';
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.close();
  await rm(home, { recursive: true, force: true });
});

/** Runs `gatehouse-key …` in a child process (asynchronously: the stand-in server lives in this process). */
function gatehouseKey(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { main } = await import(${JSON.stringify(mainTs)}); await main(process.argv.slice(1));`,
        '--',
        ...args,
      ],
      { env: { ...process.env, GATEHOUSE_KEY_HOME: home } },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input ?? '');
  });
}

function addRequest(id: string, browserNumber: number): FakeRequest {
  const request: FakeRequest = { id, browserNumber, status: 'pending', answers: [] };
  fake.requests.push(request);
  return request;
}

describe('gatehouse-key command', () => {
  it('enrolls from a PNG of the QR code and stores the account privately', async () => {
    const uri = buildOtpauthUri('Gatehouse', 'alice@example.com', secret, {
      gatehouse_enroll: `${origin}/api/key/v1/enroll/setup1.good`,
    });
    const png = path.join(home, 'qr.png');
    await writeFile(png, await qrPng(uri));
    const result = await gatehouseKey(['enroll', png, '--name', "Alice's laptop"]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /^Registration completed\nAccount: alice@example.com \(Gatehouse\), device "Alice's laptop" \(device-1\)/,
    );
    assert.equal((await stat(path.join(home, 'accounts.json'))).mode & 0o777, 0o600);
  });

  it('explains a used enrolment link (even without a message from the server) and exits 1', async () => {
    const uri = buildOtpauthUri('Gatehouse', 'alice@example.com', secret, {
      gatehouse_enroll: `${origin}/api/key/v1/enroll/setup0.used`,
    });
    const result = await gatehouseKey(['enroll', uri]);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      'Registration failed: The enrolment link was already used. Show a new QR code and scan it again.\n',
    );
  });

  it('passes on a refused code with a hint about the clock, and stores nothing', async () => {
    const wrongSecret = generateTotpSecret();
    const uri = buildOtpauthUri('Gatehouse', 'bob@example.com', wrongSecret, {
      gatehouse_enroll: `${origin}/api/key/v1/enroll/setup1.good`,
    });
    const result = await gatehouseKey(['enroll', uri]);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      "Registration failed: Invalid one-time password.\nCheck this computer's clock, then try again with the same QR code.\n",
    );
    assert.doesNotMatch((await gatehouseKey(['list'])).stdout, /bob@/);
  });

  it('refuses a QR code without an enrolment link', async () => {
    const result = await gatehouseKey(['enroll', buildOtpauthUri('Gatehouse', 'alice@example.com', secret)]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /no Gatehouse Key enrolment link/);
  });

  it('prints the current code, bare when the account is named', async () => {
    const named = await gatehouseKey(['code', 'alice@example.com']);
    assert.match(named.stdout, /^\d{6}\n$/);
    assert.notEqual(matchTotp(secret, named.stdout.trim(), Date.now(), 0), null);
    assert.match(
      (await gatehouseKey(['code'])).stdout,
      /^\d{6} {2}alice@example.com \(Gatehouse\) {2}\(\d+ s left\)\n$/,
    );
    assert.match(
      (await gatehouseKey(['list'])).stdout,
      /alice@example.com \(Gatehouse\) {2}domain example.com {2}device "Alice's laptop" \(device-1\)/,
    );
  });

  it('says so when nothing is pending', async () => {
    const result = await gatehouseKey(['approve', '--number', '47']);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, 'No pending sign-in request.\n');
  });

  it('waits for a request, then accepts it with the number typed on the command line', async () => {
    setTimeout(() => addRequest('r1', 47), 1500);
    const result = await gatehouseKey(['approve', '--number', '47', '--wait', '10']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Service: Portal\n {2}IP: {6}203.0.113.7\n[\s\S]*\(expires in \d+ s\)\nAccepted\n$/);
    const request = fake.requests.find((r) => r.id === 'r1')!;
    assert.deepEqual(request.answers, ['{"decision":"accept","number":47}']);
    assert.equal(request.status, 'accepted');
  });

  it("shows the server's refusal of a wrong number and exits 1; the request is spent", async () => {
    const request = addRequest('r2', 47);
    const result = await gatehouseKey(['approve', '--number', '12']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /The number does not match the one shown in the browser\./);
    assert.equal(request.status, 'rejected');
  });

  it('rejects with --reject', async () => {
    const request = addRequest('r3', 5);
    const result = await gatehouseKey(['approve', '--reject', '--request', 'r3']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /\(expires in \d+ s\)\nRejected\n$/);
    assert.deepEqual(request.answers, ['{"decision":"reject"}']);
    assert.equal(request.status, 'rejected');
  });

  it("reports a sign-in that wasn't the user's with --not-me", async () => {
    const request = addRequest('r4', 33);
    const result = await gatehouseKey(['approve', '--not-me']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /\nReported: the sign-in was refused and flagged for your administrators\.\n$/);
    assert.deepEqual(request.answers, ['{"decision":"not-me"}']);
    assert.equal(request.status, 'reported');
  });

  it('asks for the number to be typed, showing none, when run without an answer', async () => {
    const request = addRequest('r5', 61);
    const result = await gatehouseKey(['approve'], '6l\n61\n');
    assert.equal(result.code, 0, result.stderr);
    const questionAt = result.stdout.indexOf('Type the number');
    assert.doesNotMatch(result.stdout.slice(0, questionAt), /\b61\b/, 'the request shows no number');
    assert.equal(
      result.stdout.slice(questionAt),
      "Type the number shown in the browser to accept, r to reject, or n if this wasn't you: 6l\n" +
        'Type the two-digit number the browser shows, r, or n.\n' +
        "Type the number shown in the browser to accept, r to reject, or n if this wasn't you: 61\nAccepted\n",
    );
    assert.deepEqual(request.answers, ['{"decision":"accept","number":61}']);
  });

  it('takes r and n at the question', async () => {
    const rejected = addRequest('r6', 20);
    assert.match((await gatehouseKey(['approve'], 'r\n')).stdout, /: r\nRejected\n$/);
    assert.equal(rejected.status, 'rejected');
    const reported = addRequest('r7', 21);
    assert.match((await gatehouseKey(['approve'], 'n\n')).stdout, /: n\nReported: /);
    assert.equal(reported.status, 'reported');
  });

  it('refuses contradictory or unknown flags before asking the server anything', async () => {
    const answered = fake.requests.flatMap((r) => r.answers).length;
    for (const args of [
      ['approve', '--number', '47', '--reject'],
      ['approve', '--reject', '--not-me'],
      ['approve', '--number', '47', '--not-me'],
      ['approve', '--number', 'x'],
      ['approve', '--number', '123'],
      ['approve', '--accept'],
      ['frobnicate'],
    ]) {
      const result = await gatehouseKey(args);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    }
    assert.match((await gatehouseKey(['approve', '--reject', '--not-me'])).stderr, /Give one of --number, --reject/);
    assert.equal(fake.requests.flatMap((r) => r.answers).length, answered);
  });

  it('documents typing the number and --not-me in its help', async () => {
    const help = (await gatehouseKey(['help'])).stdout;
    assert.match(help, /--number <nn> \| --reject \| --not-me/);
    assert.match(help, /This wasn't me/);
    assert.doesNotMatch(help, /--accept/);
  });

  it('never sent a request the stand-in could not verify', () => assert.equal(fake.refusedSignatures, 0));
});
