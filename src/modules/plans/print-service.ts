import type { PersonData } from '../../data/person-data.ts';
import { notFound } from '../../errors.ts';
import type { InvolvedNames, PlanHeader } from './plan-view.ts';
import type { PlanStores } from './stores.ts';
import { sectionWriters } from './easy-read.ts';
import { ukDate } from '../../dates.ts';
import { readPlanContacts } from './plan-contacts.ts';
import { identityChoice, mayChooseIdentity } from './print-identity.ts';
import { readDrafts } from './plan-standing.ts';
import { capitalise } from '../../text.ts';

const PARTY_ORDER = ['person', 'lead_professional'];

/** How the people a plan lists by id are named: 'Priya Shah, Social worker', 'Fatima Khan (daughter)'. */
export async function involvedNames(
  { access, people }: PlanStores,
  careTeamMemberIds: string[],
  circleMemberIds: string[],
): Promise<InvolvedNames> {
  const [careTeam, circle] = await Promise.all([
    access.careTeamNames(careTeamMemberIds),
    people.circleNames(circleMemberIds),
  ]);
  return {
    careTeam: new Map([...careTeam].map(([id, member]) => [id, `${member.name}, ${member.jobTitle}`])),
    circle: new Map(
      [...circle].map(([id, member]) => [
        id,
        member.relationship ? `${member.name} (${member.relationship})` : member.name,
      ]),
    ),
  };
}

/** 'version 2' beside '2', 'the first draft' beside 'First draft'. */
const versionNames = (versionLabel: string) => ({
  versionLabel,
  versionValue: versionLabel.startsWith('version ')
    ? versionLabel.slice('version '.length)
    : capitalise(versionLabel.replace(/^the /, '')),
});

/**
 * The plan to print: the newest agreed version when there is one, else the current draft. 404 when no plan has
 * been started, which also rolls back the read's access-log row: nothing was seen.
 */
export function printablePlan(
  data: PersonData<PlanStores>,
  personId: string,
  summary: string,
  printedAt: Date,
  { withWriters = false } = {},
) {
  return data.read(personId, 'plan', summary, async (stores, decision) => {
    const current = await stores.plans.currentVersion();
    if (!current) throw notFound();
    const { drafts, agreements } = await readDrafts(stores);
    const agreed = drafts.agreed.at(-1);
    const version = agreed ? (await stores.plans.versionByNumber(agreed.number))! : current;
    const header: PlanHeader = {
      personName: await stores.people.name(),
      ...versionNames(agreed ? agreed.label : drafts.draft?.first ? 'the first draft' : 'the draft'),
      agreed: agreed
        ? {
            on: agreed.agreedAt,
            // The person (or whoever agreed for them) first, then the lead professional.
            by: agreements
              .filter((row) => row.version_number === agreed.number)
              .toSorted((a, b) => PARTY_ORDER.indexOf(a.party) - PARTY_ORDER.indexOf(b.party))
              .map((row) => row.agreed_by_name),
          }
        : null,
      newerDraft: drafts.draft !== null && agreed !== undefined,
      printedAt,
    };
    const content = version.content;
    const names = await involvedNames(stores, content.involved.careTeamMemberIds, content.involved.circleMemberIds);
    // Who last changed each part, for the easy-read copy that says who wrote what.
    const writers = withWriters ? sectionWriters(await stores.plans.versionsUpTo(version.number)) : {};
    return {
      personId,
      isSelf: decision.purpose === 'self',
      header,
      content,
      names,
      writers,
      readerId: data.actor?.id,
      contacts: await readPlanContacts(stores.access, content, ukDate(printedAt)),
      identity: await identityChoice(stores),
      mayChooseIdentity: await mayChooseIdentity(stores, decision, data.actor),
      /** The other parts of the record the reader may see, which the printed copy carries. */
      mayRead: {
        details: decision.may('details'),
        aboutMe: decision.may('about_me'),
        circle: decision.may('contacts'),
      },
    };
  });
}

/**
 * The copy of the plan that travels with the person: the plan, and (each read and logged as its own part, when the
 * reader may see it) their details, About me and the phone numbers of their circle of support.
 */
export async function travellingCopy(data: PersonData<PlanStores>, personId: string, summary: string, printedAt: Date) {
  const plan = await printablePlan(data, personId, summary, printedAt);
  const identity = plan.identity.printsIdentity;
  // One after another, so the person's log lists them in the order the copy shows them.
  const details = plan.mayRead.details
    ? await data.read(
        personId,
        'details',
        identity
          ? 'Your name, date of birth, NHS number, address and GP, on your printed plan'
          : 'Your GP and how you communicate, on your printed plan',
        ({ people }) => people.details(),
      )
    : undefined;
  const aboutMe = plan.mayRead.aboutMe
    ? await data.read(personId, 'about_me', 'Your About me, on your printed plan', ({ people }) => people.aboutMe())
    : undefined;
  const circle = plan.mayRead.circle
    ? await data.read(
        personId,
        'contacts',
        'Your circle of support’s phone numbers, on your printed plan',
        ({ people }) => people.circleMembers(),
      )
    : undefined;
  return {
    ...plan,
    details,
    aboutMe,
    circle: circle?.filter((member) => member.ended_at === null),
  };
}

export type TravellingCopy = Awaited<ReturnType<typeof travellingCopy>>;
