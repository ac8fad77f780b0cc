import { formatUkDate, formatUkDateTime } from '../../dates.ts';
import { capitalise, inWords } from '../../text.ts';
import { changesInWords, planDrafts } from './drafts.ts';
import type { AgreementRow } from './store.ts';
import type { PlanStores } from './stores.ts';

// Where a plan stands, in one sentence the person, their family and staff read alike: which version was last
// agreed, and whether changes since then make a draft waiting to be agreed.

/** The plan's saves (newest first), every agreement, and the agreed versions and draft they make. */
export async function readDrafts({ plans }: Pick<PlanStores, 'plans'>) {
  const [saves, agreements] = await Promise.all([plans.versionList(), plans.allAgreements()]);
  return { saves, agreements, drafts: planDrafts(saves, agreements) };
}

/** 'Fatima Khan, for Aisha Khan' → 'Fatima Khan': the person reading it is the one agreed for. */
const withoutFor = (name: string): string => name.replace(/, for .*$/, '');

/**
 * Who agreed a version, both sides in one phrase: 'Aisha Khan and Priya Shah, Social worker'. The person reads
 * 'you' for their own agreement and 'Fatima Khan for you' for a representative's (named 'Fatima Khan, for …').
 */
export function agreedByWords(rows: readonly AgreementRow[], forThePerson: boolean): string {
  const person = rows.find((row) => row.party === 'person');
  const lead = rows.find((row) => row.party === 'lead_professional');
  const byRepresentative = person && withoutFor(person.agreed_by_name) !== person.agreed_by_name;
  const personSide =
    person &&
    (forThePerson
      ? byRepresentative
        ? `${withoutFor(person.agreed_by_name)} for you`
        : 'you'
      : person.agreed_by_name);
  return inWords([personSide, lead?.agreed_by_name].filter((name) => name !== undefined));
}

export type PlanStanding = {
  /** The newest save's name in a sentence: 'version 2', 'the draft'. */
  label: string;
  /** The newest agreed version, if any. */
  agreed: { label: string; on: Date; by: string } | null;
  /** The draft, if the newest save is not agreed. */
  draft: { first: boolean; changes: string; lastBy: string; lastAt: Date } | null;
  /** Both in one sentence, for the top of a page. */
  line: string;
};

/** Where the plan stands (see PlanStanding); undefined when no plan has been started. */
export async function planStanding(
  stores: Pick<PlanStores, 'plans'>,
  forThePerson: boolean,
  viewerId: string | undefined,
): Promise<PlanStanding | undefined> {
  const { saves, agreements, drafts } = await readDrafts(stores);
  const newest = saves[0];
  if (!newest) return undefined;
  const version = drafts.agreed.at(-1);
  const agreed = version && {
    label: version.label,
    on: version.agreedAt,
    by: agreedByWords(
      agreements.filter((row) => row.version_number === version.number),
      forThePerson,
    ),
  };
  const draft = drafts.draft && {
    first: drafts.draft.first,
    changes: changesInWords(drafts.draft.saves.length),
    lastBy: newest.saved_by_id === viewerId ? 'you' : newest.saved_by_name,
    lastAt: newest.saved_at,
  };
  return { label: drafts.labelOf(newest.number)!, agreed: agreed ?? null, draft, line: standingLine(agreed, draft) };
}

function standingLine(agreed: PlanStanding['agreed'] | undefined, draft: PlanStanding['draft']): string {
  const changes = draft && `${draft.changes}, the last on ${formatUkDateTime(draft.lastAt)} by ${draft.lastBy}`;
  if (agreed && !draft) return `This is ${agreed.label}, agreed on ${formatUkDate(agreed.on)} by ${agreed.by}.`;
  if (agreed)
    return `${capitalise(agreed.label)} was agreed on ${formatUkDate(agreed.on)}. Changes since then make a draft, waiting to be agreed: ${changes}.`;
  return `This is the first draft, waiting to be agreed: ${changes}.`;
}
