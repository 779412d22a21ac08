import type { KeyAccount } from './account.js';
import { defaultFetch, type FetchLike, sendJson } from './http.js';
import { authorizationHeader } from './request-signing.js';

/** A pending sign-in waiting for this device's answer (protocol §4). */
export interface ApprovalRequest {
  id: string;
  service: string;
  ip: string;
  userAgent: string;
  createdAt: string;
  expiresAt: string;
  /** The browser's number and two others, in random order. */
  choices: number[];
}

export type Decision = 'accept' | 'reject';

export interface DeviceInfo {
  deviceId: string;
  deviceName: string;
  loginId: string;
  domain: string;
  issuer: string;
  enrolledAt: string;
}

type SigningAccount = Pick<KeyAccount, 'apiBase' | 'deviceId' | 'privateKeyJwk'>;

const DECISION_MESSAGES: Record<number, string> = {
  404: 'This sign-in request does not exist.',
  409: 'This sign-in request was already answered.',
  410: 'This sign-in request has expired.',
};

/** The signed calls of an enrolled device. */
export class KeyClient {
  private readonly fetchImpl: FetchLike;

  constructor(
    private readonly account: SigningAccount,
    options: { fetch?: FetchLike } = {},
  ) {
    this.fetchImpl = options.fetch ?? defaultFetch;
  }

  async listRequests(): Promise<ApprovalRequest[]> {
    const answer = await this.call<{ items: ApprovalRequest[] }>('GET', '/requests');
    return Array.isArray(answer.items) ? answer.items : [];
  }

  /** `number` is the one the user picked; the server rejects the request when it is not the browser's. */
  async decide(id: string, decision: Decision, number?: number): Promise<{ status: 'accepted' | 'rejected' }> {
    const body = decision === 'accept' ? { decision, number } : { decision };
    return this.call('POST', `/requests/${encodeURIComponent(id)}/decision`, body, DECISION_MESSAGES);
  }

  async device(): Promise<DeviceInfo> {
    return this.call('GET', '/device');
  }

  private async call<T>(
    method: string,
    path: string,
    json?: unknown,
    fallbackMessages?: Record<number, string>,
  ): Promise<T> {
    const url = this.account.apiBase.replace(/\/+$/, '') + path;
    // The signature covers these exact bytes, so serialise once and send the same string.
    const body = json === undefined ? undefined : JSON.stringify(json);
    const authorization = await authorizationHeader({
      deviceId: this.account.deviceId,
      privateKeyJwk: this.account.privateKeyJwk,
      method,
      url,
      body,
    });
    const headers: Record<string, string> = { authorization, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return sendJson<T>(this.fetchImpl, url, { method, headers, body }, fallbackMessages);
  }
}
