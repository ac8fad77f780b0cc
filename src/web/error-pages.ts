import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CATALOGUE, type ErrorCode } from '../errors.ts';

/** Friendly 404 and error pages (JSON under /api), each with its stable code. */
export function setUpErrorPages(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => sendError(request, reply, 'CW_NOT_FOUND'));
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const code = codeFor(error);
    if (code === 'CW_INTERNAL') request.log.error({ err: error }, 'unhandled error');
    else request.log.info({ code }, 'request refused');
    return sendError(request, reply, code);
  });
}

/** PostgreSQL's codes for text it cannot hold: a null character in text, or \u0000 in JSON. */
const CHARACTER_NOT_IN_REPERTOIRE = '22021';
const UNTRANSLATABLE_CHARACTER = '22P05';

function codeFor(error: FastifyError | AppError): ErrorCode {
  if (error instanceof AppError) return error.code;
  // The database's own refusal of a null character, should one get past the checks on what a request sends.
  if (error.code === CHARACTER_NOT_IN_REPERTOIRE || error.code === UNTRANSLATABLE_CHARACTER)
    return 'CW_HIDDEN_CHARACTER';
  if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') return 'CW_CSRF';
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'CW_PAYLOAD_TOO_LARGE';
  if (
    error.validation ||
    error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ||
    error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
  )
    return 'CW_VALIDATION';
  if (error.statusCode === 404) return 'CW_NOT_FOUND';
  if (error.statusCode === 429) return 'CW_TOO_MANY_REQUESTS';
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return 'CW_VALIDATION';
  return 'CW_INTERNAL';
}

async function sendError(request: FastifyRequest, reply: FastifyReply, code: ErrorCode): Promise<FastifyReply> {
  const entry = ERROR_CATALOGUE[code];
  reply.code(entry.status);
  if (code === 'CW_BUSY') reply.header('retry-after', '5');
  if (request.url.startsWith('/api/')) return reply.send({ code, message: entry.message });
  try {
    return await reply.render('error.njk', { pageTitle: entry.title, message: entry.message, code });
  } catch {
    return reply.type('text/plain; charset=utf-8').send(`${entry.title}. ${entry.message} (${code})`);
  }
}
