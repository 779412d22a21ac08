import {
  type ApprovalRequest,
  bytesToBase64url,
  canonicalString,
  type Decision,
  type DecisionStatus,
  KeyProtocolError,
  newNonce,
} from '../../protocol/index.js';

/** What the web app needs to sign for a device: its signing key is a non-extractable CryptoKey from IndexedDB. */
export interface SigningDevice {
  deviceId: string;
  apiBase: string;
  signingKey: CryptoKey;
}

// The library's KeyClient signs with a JWK private key; the web app never keeps one (see accounts.ts), so it signs
// the same canonical text (protocol §3, built by the library) with the stored CryptoKey.
const DECISION_MESSAGES: Record<number, string> = {
  404: 'This sign-in request does not exist.',
  409: 'This sign-in request was already answered.',
  410: 'This sign-in request has expired.',
};

export class DeviceClient {
  constructor(private readonly device: SigningDevice) {}

  async listRequests(): Promise<ApprovalRequest[]> {
    const answer = await this.call<{ items?: unknown }>('GET', '/requests');
    return Array.isArray(answer.items) ? (answer.items as ApprovalRequest[]) : [];
  }

  async decide(id: string, decision: Decision): Promise<DecisionStatus> {
    const answer = await this.call<{ status?: unknown }>(
      'POST',
      `/requests/${encodeURIComponent(id)}/decision`,
      decision,
      DECISION_MESSAGES,
    );
    if (answer.status !== 'accepted' && answer.status !== 'rejected' && answer.status !== 'reported')
      throw new KeyProtocolError('The server gave no decision status.', 0);
    return answer.status;
  }

  private async call<T>(
    method: string,
    path: string,
    json?: unknown,
    fallbackMessages: Record<number, string> = {},
  ): Promise<T> {
    const url = new URL(this.device.apiBase.replace(/\/+$/, '') + path);
    const body = json === undefined ? undefined : JSON.stringify(json);
    const ts = String(Date.now());
    const nonce = newNonce();
    const canonical = await canonicalString({
      method,
      pathAndQuery: url.pathname + url.search,
      ts,
      nonce,
      body: body ?? '',
    });
    const signature = await crypto.subtle.sign(
      { name: 'ECDSA', hash: 'SHA-256' },
      this.device.signingKey,
      new TextEncoder().encode(canonical),
    );
    const headers: Record<string, string> = {
      authorization: `GatehouseKey device="${this.device.deviceId}", ts="${ts}", nonce="${nonce}", sig="${bytesToBase64url(new Uint8Array(signature))}"`,
      accept: 'application/json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';

    let response: Response;
    try {
      response = await fetch(url, { method, headers, body, cache: 'no-store', credentials: 'omit' });
    } catch {
      throw new KeyProtocolError(`Could not reach ${url.origin}.`, 0);
    }
    const answer = (await response.json().catch(() => undefined)) as { error?: unknown; message?: unknown } | undefined;
    if (!response.ok) {
      const message =
        typeof answer?.message === 'string' && answer.message
          ? answer.message
          : (fallbackMessages[response.status] ?? `The server refused the request (HTTP ${response.status}).`);
      throw new KeyProtocolError(
        message,
        response.status,
        typeof answer?.error === 'string' ? answer.error : undefined,
      );
    }
    if (answer === undefined)
      throw new KeyProtocolError(`The server's answer is not JSON (HTTP ${response.status}).`, 0);
    return answer as T;
  }
}
