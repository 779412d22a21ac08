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
}

/**
 * The device's answer (protocol §4). Accepting carries the number the browser shows, typed by the user: Key never
 * offers numbers to pick from, so a blind accept almost never wins. `not-me` ends the sign-in and flags it for the
 * administrators.
 */
export type Decision = { decision: 'accept'; number: number } | { decision: 'reject' } | { decision: 'not-me' };

export type DecisionStatus = 'accepted' | 'rejected' | 'reported';

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

  /** A wrong number is refused (400) and spends the request: the user cannot try another. */
  async decide(id: string, decision: Decision): Promise<{ status: DecisionStatus }> {
    return this.call('POST', `/requests/${encodeURIComponent(id)}/decision`, decision, DECISION_MESSAGES);
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
