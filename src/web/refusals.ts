import type { FastifyReply } from 'fastify';
import { ERROR_CATALOGUE, isRefusal, type AppError, type ErrorCode } from '../errors.ts';

/**
 * Runs `work`; when a domain rule refuses it with `code`, answers `onRefused(error)` instead. The one way a
 * route turns a refusal into its own page (a conflict page, a confirm page saying why); any other refusal
 * goes on to the error pages.
 */
export async function unlessRefused<T, R>(
  work: () => Promise<T>,
  code: ErrorCode,
  onRefused: (error: AppError) => R | Promise<R>,
): Promise<T | R> {
  try {
    return await work();
  } catch (error) {
    if (isRefusal(error, code)) return onRefused(error);
    throw error;
  }
}

/** A conflict page: someone else saved first. Every one is sent with the catalogue's status, 409. */
export const renderConflict = (reply: FastifyReply, template: string, context: Record<string, unknown>) =>
  reply.code(ERROR_CATALOGUE.CW_CONFLICT.status).render(template, context);
