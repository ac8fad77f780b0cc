import type { PersonData } from '../../data/person-data.ts';
import { pageWithin } from '../../data/paging.ts';
import { formatUkDate, formatUkDateTime } from '../../dates.ts';
import { notFound } from '../../errors.ts';
import { capitalise } from '../../text.ts';
import { agreedLines, assessmentsOf, memberNames } from './agreement-service.ts';
import { emptyPlan } from './content.ts';
import { changesInWords, type PlanDrafts } from './drafts.ts';
import { agreedByWords, readDrafts } from './plan-standing.ts';
import type { CapacityAssessment } from './store-capacity.ts';
import type { AgreementRow } from './store.ts';
import type { PlanStores } from './stores.ts';
import { planDifferences } from './version-diff.ts';

// The plan's history as people read it: the versions both sides agreed, the draft since the newest of them, the
// changes that made each, and what changed between any two. Every save stays as it was; this only names them.

type Data = PersonData<PlanStores>;

/** How many saved changes the change history shows at a time. */
export const CHANGES_PER_PAGE = 20;

/**
 * Who has agreed one save, a line for each side that has (a draft agreed by one side so far, or an older save one
 * side agreed before it changed again); the person reads "you".
 */
function agreedSoFar(
  rows: readonly AgreementRow[],
  assessments: CapacityAssessment[],
  forThePerson: boolean,
  viewerId: string | undefined,
): string[] {
  const lines = agreedLines([...rows], assessments, forThePerson, viewerId);
  return AGREEING_SIDES.flatMap((side, index) => (rows.some((row) => row.party === side) ? [lines[index]!] : []));
}
const AGREEING_SIDES = ['person', 'lead_professional'] as const;

/** A link to compare two saves. */
const compareHref = (personId: string, from: number, to: number) =>
  `/people/${personId}/plan/versions/compare?from=${from}&to=${to}`;

/** The agreed versions, newest first, and the draft at the top if there is one; 404 when no plan has been started. */
export function showVersions(data: Data, personId: string) {
  return data.read(personId, 'plan', 'The history of changes to your plan', async (stores, decision) => {
    const { saves, agreements, drafts } = await readDrafts(stores);
    const newest = saves[0];
    if (!newest) throw notFound();
    const forThePerson = decision.purpose === 'self';
    const assessments = await assessmentsOf(stores, agreements);
    const newestAgreed = drafts.agreed.at(-1);
    const draft = drafts.draft && {
      first: drafts.draft.first,
      changes: changesInWords(drafts.draft.saves.length),
      lastBy: newest.saved_by_id === data.actor?.id ? 'you' : newest.saved_by_name,
      lastAt: newest.saved_at,
      agreedSoFar: agreedSoFar(
        agreements.filter((row) => row.version_number === newest.number),
        assessments,
        forThePerson,
        data.actor?.id,
      ),
      compare: newestAgreed && {
        label: newestAgreed.label,
        href: compareHref(personId, newestAgreed.number, drafts.draft.newest),
      },
    };
    const versions = drafts.agreed.map((version, index) => {
      const previous = drafts.agreed[index - 1];
      return {
        title: capitalise(version.label),
        ordinal: version.ordinal,
        agreedOn: version.agreedAt,
        agreedLines: agreedLines(
          agreements.filter((row) => row.version_number === version.number),
          assessments,
          forThePerson,
          data.actor?.id,
        ),
        changes: changesInWords(version.saves.length),
        previous: previous && {
          label: previous.label,
          href: compareHref(personId, previous.number, version.number),
        },
      };
    });
    return {
      name: await stores.people.name(),
      isThePerson: forThePerson,
      draft,
      versions: versions.reverse(),
      compareAny: drafts.agreed.length + (drafts.draft ? 1 : 0) > 1,
      compareAnyHref: compareHref(personId, drafts.agreed[0]?.number ?? newest.number, newest.number),
    };
  });
}

/** A save as the compare page names it: its label for a heading, and a line saying who saved or agreed it, when. */
function describeSave(
  drafts: PlanDrafts,
  save: { number: number; saved_by_id: string; saved_by_name: string; saved_at: Date },
  agreements: readonly AgreementRow[],
  forThePerson: boolean,
  viewerId: string | undefined,
) {
  const label = drafts.labelOf(save.number)!;
  const version = drafts.agreed.find((agreed) => agreed.number === save.number);
  const by = agreedByWords(
    agreements.filter((row) => row.version_number === save.number),
    forThePerson,
  );
  const saver = save.saved_by_id === viewerId ? 'you' : save.saved_by_name;
  const about = version
    ? `agreed on ${formatUkDate(version.agreedAt)} by ${by}`
    : save.number === drafts.draft?.newest
      ? `last saved on ${formatUkDateTime(save.saved_at)} by ${saver}`
      : `saved by ${saver}`;
  return { number: save.number, label, line: `${capitalise(label)}: ${about}.` };
}

/**
 * What changed between two saves, named as agreed versions or the draft. The choices offered are the agreed
 * versions and the draft; an older save (from a link or a bookmark) is still shown, as the draft on the day it was
 * saved. Either number unknown: 404.
 */
export function compareVersions(data: Data, personId: string, from: number, to: number) {
  return data.read(
    personId,
    'plan',
    'What changed in your plan between two of its versions',
    async (stores, decision) => {
      const [before, after] = [await stores.plans.versionByNumber(from), await stores.plans.versionByNumber(to)];
      if (!before || !after) throw notFound();
      const { agreements, drafts } = await readDrafts(stores);
      const forThePerson = decision.purpose === 'self';
      const describe = (save: typeof before) => describeSave(drafts, save, agreements, forThePerson, data.actor?.id);
      const offered = [
        ...drafts.agreed.map((version) => ({ value: version.number, text: capitalise(version.label) })),
        ...(drafts.draft ? [{ value: drafts.draft.newest, text: 'The draft' }] : []),
      ];
      const choices = (chosen: number) => {
        const items = offered.some((item) => item.value === chosen)
          ? offered
          : [...offered, { value: chosen, text: capitalise(drafts.labelOf(chosen)!) }];
        return items.map((item) => ({ ...item, selected: item.value === chosen }));
      };
      return {
        name: await stores.people.name(),
        before: describe(before),
        after: describe(after),
        differences: planDifferences(before.content, after.content, await memberNames(stores)),
        fromChoices: choices(before.number),
        toChoices: choices(after.number),
      };
    },
  );
}

/**
 * The saves that make the draft (no `ordinal`) or that made agreed version `ordinal` (those after the version
 * before it), newest first, one page at a time: who saved each, when, its summary, and what it changed from the
 * save before it. An unknown version: 404.
 */
export function showChanges(data: Data, personId: string, ordinal: number | undefined, pageAsked: number) {
  const summary = ordinal
    ? `How version ${ordinal} of your plan was made`
    : 'The changes to your plan since it was last agreed';
  return data.read(personId, 'plan', summary, async (stores, decision) => {
    const { saves, agreements, drafts } = await readDrafts(stores);
    if (!saves.length) throw notFound();
    const version = ordinal === undefined ? undefined : drafts.version(ordinal);
    if (ordinal !== undefined && !version) throw notFound();
    const numbers = (version?.saves ?? drafts.draft?.saves ?? []).toReversed();
    const page = pageWithin(numbers.length, pageAsked, CHANGES_PER_PAGE);
    const shown = numbers.slice(page.offset, page.offset + page.size);
    // Every save is compared with the one saved before it (the plan's first save, with an empty plan).
    const ordered = saves.map((save) => save.number).toReversed();
    const before = (number: number) => ordered[ordered.indexOf(number) - 1];
    const rows = await stores.plans.versionsNumbered([...shown, ...shown.flatMap((number) => before(number) ?? [])]);
    const content = new Map(rows.map((row) => [row.number, row]));
    const nameOf = await memberNames(stores);
    const shownAgreements = agreements.filter((row) => shown.includes(row.version_number));
    const assessments = await assessmentsOf(stores, shownAgreements);
    const forThePerson = decision.purpose === 'self';
    const previous = version && drafts.agreed[version.ordinal - 2];
    const newestAgreed = drafts.agreed.at(-1);
    return {
      name: await stores.people.name(),
      isThePerson: forThePerson,
      version: version && { title: capitalise(version.label), ordinal: version.ordinal, agreedOn: version.agreedAt },
      since: (version ? previous : newestAgreed)?.label,
      firstDraft: !version && drafts.draft?.first === true,
      total: numbers.length,
      page,
      changes: shown.map((number) => {
        const save = content.get(number)!;
        const earlier = before(number);
        const was = earlier === undefined ? emptyPlan() : content.get(earlier)!.content;
        return {
          number,
          summary: save.change_summary,
          by: save.saved_by_id === data.actor?.id ? 'You' : save.saved_by_name,
          at: save.saved_at,
          differences: planDifferences(was, save.content, nameOf),
          startedThePlan: earlier === undefined,
          agreed: agreedSoFar(
            shownAgreements.filter((row) => row.version_number === number),
            assessments,
            forThePerson,
            data.actor?.id,
          ),
        };
      }),
    };
  });
}
