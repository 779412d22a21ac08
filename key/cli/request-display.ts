import { accountLabel, type ApprovalRequest, type KeyAccount } from '../protocol/index.js';

export interface PendingRequest {
  account: KeyAccount;
  request: ApprovalRequest;
}

function localTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

function secondsUntil(iso: string, now = Date.now()): number {
  return Math.max(0, Math.round((new Date(iso).getTime() - now) / 1000));
}

/**
 * The lines a person needs to recognise their own sign-in: who, which service, from where, when. Never the number:
 * only the browser shows it, so that accepting proves the user sees that browser.
 */
export function describeRequest({ account, request }: PendingRequest): string {
  return [
    `Sign-in request ${request.id} for ${accountLabel(account)}`,
    `  Service: ${request.service}`,
    `  IP:      ${request.ip}`,
    `  Browser: ${request.userAgent || '(unknown)'}`,
    `  Time:    ${localTime(request.createdAt)} (expires in ${secondsUntil(request.expiresAt)} s)`,
  ].join('\n');
}

export function newestFirst(a: PendingRequest, b: PendingRequest): number {
  return Date.parse(b.request.createdAt) - Date.parse(a.request.createdAt);
}
