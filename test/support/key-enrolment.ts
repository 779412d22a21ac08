import assert from 'node:assert/strict';
import { totpCode } from '../../src/core/otp/totp.js';
import type { HttpClient } from './http-client.js';
import { TestKeyDevice } from './key-device.js';

/** Registers a Gatehouse Key device for the user, as scanning the console's QR code would. */
export async function enrolKeyDevice(
  admin: HttpClient,
  userId: string,
): Promise<{ device: TestKeyDevice; secret: string }> {
  const setup = await admin.api('POST', `/users/${userId}/otp/setup/totp`);
  assert.equal(setup.status, 200, setup.text);
  const uri = new URL(setup.json<{ otpauthUri: string }>().otpauthUri);
  const secret = uri.searchParams.get('secret') as string;
  const device = new TestKeyDevice();
  const response = await fetch(uri.searchParams.get('gatehouse_enroll') as string, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      publicKey: device.publicJwk,
      deviceName: 'test device',
      code: totpCode(secret, Date.now()),
    }),
  });
  const body = (await response.json()) as { deviceId: string };
  assert.equal(response.status, 201, JSON.stringify(body));
  device.deviceId = body.deviceId;
  return { device, secret };
}

/** The approval requests the device is shown. */
export async function pendingRequests(baseUrl: string, device: TestKeyDevice): Promise<{ id: string }[]> {
  const answer = await device.call(baseUrl, 'GET', '/api/key/v1/requests');
  assert.equal(answer.status, 200, answer.text);
  return answer.json<{ items: { id: string }[] }>().items;
}

export async function decide(
  baseUrl: string,
  device: TestKeyDevice,
  requestId: string,
  body: { decision: 'accept'; number: number } | { decision: 'reject' } | { decision: 'not-me' },
) {
  return device.call(baseUrl, 'POST', `/api/key/v1/requests/${requestId}/decision`, body);
}
