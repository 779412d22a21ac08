import type { FastifyRequest } from 'fastify';
import type { SignInClient } from '../../../services/sign-in/sign-in-context.js';
import { PASS_COOKIE } from './sign-in-cookies.js';

/** The browser as the sign-in sees it: its address (through a trusted proxy), user agent and entrance pass. */
export function signInClientOf(request: FastifyRequest): SignInClient {
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? '', passCookie: request.cookies[PASS_COOKIE] };
}

/** SPEC §5.1's 403 messages are shown with their status, as the product's written procedures quote them. */
export const shownWithStatus = (status: number, message: string) => (status === 403 ? `403 ${message}` : message);
