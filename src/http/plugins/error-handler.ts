import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../../core/validation-error.js';
import {
  ConflictError,
  ForbiddenError,
  GoneError,
  NotFoundError,
  PasskeyRefusedError,
  TooSoonError,
} from '../../services/errors.js';
import { MailNotSentError } from '../../services/mail-service.js';
import { renderErrorPage } from '../pages/error-page.js';
import { CsrfError } from './csrf.js';

/** Thrown by route guards; carries the answer to give. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

interface ErrorAnswer {
  status: number;
  error: string;
  message: string;
  field?: string;
}

/** "body/displayName" → "displayName"; ajv names a missing or an unknown property in its params instead. */
function fieldOfValidation(error: FastifyError): string | undefined {
  const first = error.validation?.[0];
  if (!first) return undefined;
  const params = first.params as { missingProperty?: string; additionalProperty?: string } | undefined;
  if (params?.missingProperty) return params.missingProperty;
  if (params?.additionalProperty) return params.additionalProperty;
  const path = first.instancePath.replace(/^\//, '').split('/')[0];
  return path || undefined;
}

function answerFor(error: FastifyError | Error): ErrorAnswer {
  if (error instanceof ValidationError)
    return { status: 400, error: 'validation_failed', message: error.message, field: error.field };
  if (error instanceof ConflictError)
    return { status: 409, error: 'conflict', message: error.message, field: error.field };
  if (error instanceof NotFoundError) return { status: 404, error: 'not_found', message: error.message };
  if (error instanceof ForbiddenError) return { status: 403, error: 'forbidden', message: error.message };
  if (error instanceof GoneError) return { status: 410, error: 'expired', message: error.message };
  if (error instanceof PasskeyRefusedError) return { status: 400, error: 'passkey_refused', message: error.message };
  if (error instanceof TooSoonError) return { status: 429, error: 'too_soon', message: error.message };
  if (error instanceof MailNotSentError) return { status: 502, error: 'mail_not_sent', message: error.message };
  if (error instanceof CsrfError) return { status: 403, error: 'csrf_failed', message: error.message };
  if (error instanceof HttpError) return { status: error.statusCode, error: error.code, message: error.message };
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const field = fieldOfValidation(fastifyError);
    const first = fastifyError.validation[0];
    const allowed = (first?.params as { allowedValues?: unknown[] } | undefined)?.allowedValues;
    const detail =
      first?.keyword === 'additionalProperties'
        ? 'is not a known field'
        : first?.keyword === 'enum' && allowed
          ? `must be one of ${allowed.map((value) => JSON.stringify(value)).join(', ')}`
          : (first?.message ?? 'is invalid');
    return {
      status: 400,
      error: 'validation_failed',
      message: field ? `Field "${field}" ${detail}.` : `The request ${detail}.`,
      field,
    };
  }
  const status = fastifyError.statusCode ?? 500;
  if (status === 400 && (error instanceof SyntaxError || fastifyError.code?.startsWith('FST_ERR_CTP')))
    return { status: 400, error: 'malformed_json', message: 'The request body is not valid JSON.' };
  if (status === 413) return { status, error: 'payload_too_large', message: 'The request body is too large.' };
  if (status === 415)
    return { status, error: 'unsupported_media_type', message: 'Send the request body as application/json.' };
  if (status === 429)
    return { status, error: 'rate_limited', message: 'Too many requests. Please wait and try again.' };
  if (status >= 400 && status < 500) return { status, error: 'bad_request', message: 'The request is not valid.' };
  return {
    status: 500,
    error: 'internal_error',
    message: 'Something went wrong on the server. The error has been logged.',
  };
}

function wantsHtml(request: FastifyRequest): boolean {
  return !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
}

/** One place that turns any failure into a clean answer: never a stack trace or SQL text. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(replyWithError);
  app.setNotFoundHandler((request, reply) => {
    if (wantsHtml(request))
      return reply.code(404).type('text/html; charset=utf-8').send(renderErrorPage(404, 'This page does not exist.'));
    return reply.code(404).send({ error: 'not_found', message: 'No such resource.' });
  });
}

/**
 * The answer to any failure, also to those Fastify meets before a route runs (a malformed percent-encoding in the
 * URL): it is given to Fastify as `frameworkErrors`, so no request ever gets Fastify's own error body.
 */
export function replyWithError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const answer = answerFor(error);
  if (answer.status >= 500 && answer.status !== 502) request.log.error({ err: error }, 'request failed');
  if (error instanceof TooSoonError) reply.header('Retry-After', String(error.retryAfterSeconds));
  if (wantsHtml(request)) {
    return reply
      .code(answer.status)
      .type('text/html; charset=utf-8')
      .send(renderErrorPage(answer.status, answer.message));
  }
  const body: Record<string, unknown> = { error: answer.error, message: answer.message };
  if (answer.field) body.field = answer.field;
  return reply.code(answer.status).send(body);
}
