import { formatUkDate } from '../../dates.ts';
import type { PlanContent } from './content.ts';

// "My plan on a page": short lines, a picture for each part, and who wrote it.

/** A part of the easy-read plan: its lines, its picture (an OpenMoji name and what it shows), and who wrote it last. */
export type EasyReadSection = {
  title: string;
  lines: string[];
  picture: string;
  pictureAlt: string;
  writtenBy: string | null;
};

/** Who saved a version, as the easy-read page names them. */
export type Writer = { kind: 'staff' | 'citizen'; id: string; name: string };
type SavedVersion = {
  content: PlanContent;
  saved_by_kind: 'staff' | 'citizen';
  saved_by_id: string;
  saved_by_name: string;
};

const linesOf = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

const goalsOf = (plan: PlanContent) => plan.needs.flatMap((need) => need.goals);

/** The parts of the plan each easy-read section is made from, to find who last changed them. */
const SOURCES: Record<string, (plan: PlanContent) => unknown> = {
  matters: (plan) => plan.whatMatters,
  goals: (plan) => goalsOf(plan).map((goal) => [goal.inOwnWords, goal.status]),
  help: (plan) => goalsOf(plan).map((goal) => goal.actions),
  crisis: (plan) => plan.contingency,
  review: (plan) => plan.review,
};

/** Who saved the last version that changed each section's words, oldest version first in `versions`. */
export function sectionWriters(versions: SavedVersion[]): Record<string, Writer | null> {
  const writers: Record<string, Writer | null> = {};
  for (const [key, source] of Object.entries(SOURCES)) {
    let before = JSON.stringify(source(versions[0]?.content ?? ({} as PlanContent)));
    writers[key] = null;
    for (const [index, version] of versions.entries()) {
      const now = JSON.stringify(source(version.content));
      if (index === 0 || now !== before)
        writers[key] = { kind: version.saved_by_kind, id: version.saved_by_id, name: version.saved_by_name };
      before = now;
    }
  }
  return writers;
}

/** "You wrote this." or "Written by Priya Shah, Social worker." */
const wroteIt = (writer: Writer | null | undefined, readerId: string | undefined): string | null =>
  !writer ? null : writer.id === readerId ? 'You wrote this.' : `Written by ${writer.name}.`;

export function easyReadSections(
  plan: PlanContent,
  writers: Record<string, Writer | null> = {},
  readerId?: string,
): EasyReadSection[] {
  const goals = goalsOf(plan);
  const help = goals
    .flatMap((goal) => goal.actions.filter((action) => action.status !== 'done' && action.status !== 'stopped'))
    .map((action) => {
      const who = action.owner.kind === 'person' ? 'Me' : action.owner.name;
      return `${who}: ${action.what.trim()}${action.byWhen ? ` (by ${formatUkDate(action.byWhen)})` : ''}`;
    });
  const crisis = plan.contingency;
  const review = plan.review.date
    ? [
        `On ${formatUkDate(plan.review.date)}.`,
        ...(plan.review.responsibleName ? [`${plan.review.responsibleName} will arrange it.`] : []),
      ]
    : ['We have not set a date yet.'];
  const section = (key: string, title: string, lines: string[], picture: string, pictureAlt: string) => ({
    title,
    lines,
    picture,
    pictureAlt,
    writtenBy: lines.length ? wroteIt(writers[key], readerId) : null,
  });
  return [
    section('matters', 'What matters to me', linesOf(plan.whatMatters), 'red-heart', 'A red heart'),
    section(
      'goals',
      'My goals',
      goals.filter((goal) => goal.status !== 'no_longer_wanted').map((goal) => goal.inOwnWords.trim()),
      'bullseye',
      'A target with an arrow in the middle',
    ),
    section('help', 'Who will help, and when', help, 'people-holding-hands', 'Two people holding hands'),
    section(
      'crisis',
      'If things go wrong',
      [
        ...linesOf(crisis.earlyWarningSigns).map((line) => `A sign I am not OK: ${line}`),
        ...linesOf(crisis.whatShouldHappen),
        ...linesOf(crisis.whoToContact).map((line) => `Who to call: ${line}`),
      ],
      'sos-button',
      'An SOS button',
    ),
    section('review', 'When we will look at my plan again', review, 'spiral-calendar', 'A calendar'),
  ];
}
