import type { FastifyRequest } from 'fastify';
import { isUuid } from '../../../ids.ts';
import { notFound } from '../../../errors.ts';

/** The budget pages of a person's record. */
export const budgetHome = (personId: string) => `/people/${personId}/budget`;

/** A line's or a transaction's id from the path, or 404. */
export function itemId(request: FastifyRequest, name: 'lineId' | 'transactionId' | 'agreementId'): string {
  const value = (request.params as Record<string, unknown>)[name];
  if (!isUuid(value)) throw notFound();
  return value.toLowerCase();
}
