/** @module server/errors — every API failure as `{error:{code,message}}` with a 4xx/5xx status; never a stack trace. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { GatehouseError, isGatehouseError, type ErrorCode } from '../errors/index.js';

/** HTTP status for each code the API answers with; anything else a user caused is 400, the rest 500. */
const STATUS: Partial<Record<ErrorCode, number>> = {
  GH_ERR_INVALID: 400,
  GH_ERR_NO_AUTHORISATION: 403,
  GH_ERR_API_UNAUTHENTICATED: 401,
  GH_ERR_API_LOGIN: 401,
  GH_ERR_FORBIDDEN: 403,
  GH_ERR_API_CSRF: 403,
  GH_ERR_OUT_OF_SCOPE: 403,
  GH_ERR_NOT_FOUND: 404,
  GH_ERR_CONFLICT: 409,
  GH_ERR_NO_RESOLVER: 409,
  GH_ERR_DNS: 502,
  GH_ERR_API_BODY_TOO_LARGE: 413,
  GH_ERR_API_LOCKED: 423,
  GH_ERR_API_RATE_LIMITED: 429,
  GH_ERR_STORE: 500,
  GH_ERR_INTERNAL: 500,
  GH_ERR_REPORT: 500,
};

export function statusOf(err: GatehouseError): number {
  return STATUS[err.code] ?? (err.exitCode === 2 ? 400 : 500);
}

/** An API error: a catalogue code thrown by a route or plugin. */
export function apiError(code: ErrorCode, message: string): GatehouseError {
  return new GatehouseError(code, message, { exitCode: STATUS[code] !== undefined && STATUS[code] < 500 ? 2 : 1 });
}

export interface ErrorBody { error: { code: string; message: string } }

/** Maps any thrown value to a status and a body that never carries a stack or an internal message. */
export function toErrorBody(err: unknown): { status: number; body: ErrorBody } {
  if (isGatehouseError(err)) {
    const status = statusOf(err);
    const message = status >= 500 ? internalMessage(err.code) : err.message;
    return { status, body: { error: { code: err.code, message } } };
  }
  const fe = err as Partial<FastifyError> & { validation?: unknown };
  if (hasZodFastifySchemaValidationErrors(err)) {
    const first = err.validation[0];
    const where = first ? `${err.validationContext ?? 'request'}${first.instancePath.replace(/\//g, '.')}: ${first.message}` : 'invalid request';
    return { status: 400, body: { error: { code: 'GH_ERR_INVALID', message: where } } };
  }
  if (isResponseSerializationError(err)) {
    return { status: 500, body: { error: { code: 'GH_ERR_INTERNAL', message: internalMessage('GH_ERR_INTERNAL') } } };
  }
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status === 413) { return { status, body: { error: { code: 'GH_ERR_API_BODY_TOO_LARGE', message: 'request body too large' } } }; }
  if (status === 429) { return { status, body: { error: { code: 'GH_ERR_API_RATE_LIMITED', message: 'too many requests; retry later' } } }; }
  if (status === 404) { return { status, body: { error: { code: 'GH_ERR_NOT_FOUND', message: 'not found' } } }; }
  if (status >= 400 && status < 500) {
    // Fastify's own client errors (bad JSON, wrong content type): their messages carry no internals.
    return { status, body: { error: { code: 'GH_ERR_INVALID', message: oneLine(fe.message ?? 'bad request') } } };
  }
  return { status: 500, body: { error: { code: 'GH_ERR_INTERNAL', message: internalMessage('GH_ERR_INTERNAL') } } };
}

function internalMessage(code: string): string {
  return code === 'GH_ERR_STORE' ? 'the store failed; see the server log' : 'internal error; see the server log';
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').slice(0, 300);
}

export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = toErrorBody(err);
  if (status >= 500) { req.log.error({ err }, 'request failed'); } else { req.log.info({ code: body.error.code }, 'request refused'); }
  void reply.status(status).type('application/json; charset=utf-8').send(body);
}

export function notFoundHandler(req: FastifyRequest, reply: FastifyReply): void {
  void reply.status(404).send({ error: { code: 'GH_ERR_NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0] ?? ''}` } });
}
