import type { AllocationScheme, Conversion } from './allocation-scheme.ts';
import { formatPence } from './money.ts';

// The indicative allocation: a questionnaire's answers give points, and points become a yearly amount by a price
// per point or by bands. Plain functions; the amount never goes down as points go up.

/** The option chosen for each question, by the question's key: the option's place in the question's list. */
export type Answers = Readonly<Record<string, number>>;

type Band = Extract<Conversion, { kind: 'bands' }>['bands'][number];

/** Each question with the option chosen for it; every question must have an answer. */
export function chosenOptions(scheme: AllocationScheme, answers: Answers) {
  return scheme.questions.map((question) => {
    const index = answers[question.key];
    const option = index === undefined ? undefined : question.options[index];
    if (!option) throw new RangeError(`There is no answer for “${question.key}”`);
    return { question, option };
  });
}

/** The points the answers give. */
export const pointsFor = (scheme: AllocationScheme, answers: Answers): number =>
  chosenOptions(scheme, answers).reduce((sum, { option }) => sum + option.points, 0);

/** The band a score falls in, and the last score of it (null for the top band). */
export function bandFor(bands: readonly Band[], points: number): { band: Band; toPoints: number | null } | null {
  const found = bands.findLastIndex((band) => band.fromPoints <= points);
  if (found < 0) return null;
  const next = bands[found + 1];
  return { band: bands[found]!, toPoints: next ? next.fromPoints - 1 : null };
}

/** The yearly amount, in pence, a score is worth; never less for more points. */
export function amountFor(conversion: Conversion, points: number): number {
  if (!Number.isSafeInteger(points) || points < 0) throw new RangeError(`Not a score: ${points}`);
  if (conversion.kind === 'price_per_point') return points * conversion.pencePerPoint;
  return bandFor(conversion.bands, points)?.band.amountPence ?? 0;
}

const pointsWord = (points: number) => `${points} ${points === 1 ? 'point' : 'points'}`;

/** In plain words, how a figure was reached: what each answer scored, and what the score is worth. */
export function explain(
  scheme: AllocationScheme,
  answers: Answers,
  who: { isThePerson: boolean; name: string },
): { answers: string[]; figure: string[] } {
  const subject = who.isThePerson ? 'You' : who.name;
  const points = pointsFor(scheme, answers);
  const amount = formatPence(amountFor(scheme.conversion, points));
  const { conversion } = scheme;
  let worth: string;
  if (conversion.kind === 'price_per_point') {
    worth = `${pointsWord(points)} is worth ${amount} a year at ${formatPence(conversion.pencePerPoint)} a point.`;
  } else {
    const found = bandFor(conversion.bands, points);
    const band = !found
      ? 'is below the first band'
      : found.toPoints === null
        ? `falls in the band of ${pointsWord(found.band.fromPoints)} or more`
        : `falls in the band from ${found.band.fromPoints} to ${pointsWord(found.toPoints)}`;
    worth = `${pointsWord(points)} ${band}, which is ${amount} a year.`;
  }
  return {
    answers: chosenOptions(scheme, answers).map(
      ({ question, option }) =>
        `${subject} scored ${pointsWord(option.points)} for ${question.topic}: “${option.label}”.`,
    ),
    figure: [`That makes ${pointsWord(points)} in all.`, worth],
  };
}
