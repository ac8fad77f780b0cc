import { formatUkDate, formatUkDateTime } from '../../../dates.ts';
import type { SchemeInForce } from '../allocation-service.ts';
import { formatPence } from '../money.ts';

/** A published allocation scheme as its page shows it: the questions with their points, and how points become money. */
export function describeScheme(published: SchemeInForce) {
  const { scheme } = published;
  const { conversion } = scheme;
  return {
    name: scheme.name,
    version: published.version,
    publishedOn: formatUkDate(scheme.publishedOn),
    storedAt: formatUkDateTime(published.published_at),
    publishedBy: published.published_by,
    mostPoints: scheme.questions.reduce(
      (sum, question) => sum + Math.max(...question.options.map((option) => option.points)),
      0,
    ),
    questions: scheme.questions.map((question) => ({
      topic: question.topic,
      question: question.question,
      hint: question.hint,
      options: question.options.map((option) => ({ label: option.label, points: String(option.points) })),
    })),
    pricePerPoint: conversion.kind === 'price_per_point' ? formatPence(conversion.pencePerPoint) : null,
    bands:
      conversion.kind === 'bands'
        ? conversion.bands.map((band, index) => {
            const next = conversion.bands[index + 1];
            return {
              points: next ? `${band.fromPoints} to ${next.fromPoints - 1}` : `${band.fromPoints} or more`,
              amount: formatPence(band.amountPence),
            };
          })
        : null,
  };
}
