import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { addressMatcher } from './address-list.js';

/** What a balancer's id may look like: enough for UUIDs and HAProxy's or nginx's formats, nothing to break a log. */
const ACCEPTED_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/**
 * Fastify's `genReqId`: the id a trusted proxy (TRUST_PROXY) sends in `header`, so that one request can be followed
 * from the balancer's log into ours; otherwise a new UUID, unique across nodes. Anybody else's header is ignored, as
 * a client could otherwise give its requests the ids of others and muddle the log.
 */
export function requestIdGenerator(header: string, trustedProxies: readonly string[]) {
  const fromTrustedProxy = addressMatcher(trustedProxies);
  return (request: IncomingMessage): string => {
    const sent = request.headers[header];
    if (typeof sent === 'string' && ACCEPTED_ID.test(sent) && fromTrustedProxy(request.socket.remoteAddress))
      return sent;
    return randomUUID();
  };
}

/**
 * Every answer names its request id in `header`. Set on the raw response, so that the answers the OpenID Provider
 * writes itself (hijacked replies) carry it too.
 */
export function registerRequestIdEcho(app: FastifyInstance, header: string): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.raw.setHeader(header, request.id);
  });
}
