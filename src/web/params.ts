import type { FastifyRequest } from 'fastify';
import { isUuid } from '../ids.ts';
import { notFound } from '../errors.ts';

/** An id from the path, or 404: a malformed id names nothing. */
export function pathId(
  request: FastifyRequest,
  name:
    | 'personId'
    | 'memberId'
    | 'suggestionId'
    | 'grantId'
    | 'alertId'
    | 'staffId'
    | 'waitingId'
    | 'noticeId'
    | 'accountId',
): string {
  const value = (request.params as Record<string, unknown>)[name];
  if (!isUuid(value)) throw notFound();
  return value.toLowerCase();
}

/** A field of a submitted form as text; anything else counts as empty. */
export function formText(request: FastifyRequest, name: string): string {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}
