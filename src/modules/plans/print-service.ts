import type { PersonData } from '../../data/person-data.ts';
import { notFound } from '../../errors.ts';
import type { InvolvedNames, PlanHeader } from './plan-view.ts';
import type { PlanStores } from './stores.ts';
import { sectionWriters } from './easy-read.ts';

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
    const agreed = await stores.plans.latestAgreedVersion();
    const version = agreed?.version ?? current;
    const header: PlanHeader = {
      personName: await stores.people.name(),
      versionNumber: version.number,
      agreed: agreed
        ? {
            on: new Date(Math.max(...agreed.agreements.map((row) => row.agreed_at.getTime()))),
            // The person (or whoever agreed for them) first, then the lead professional.
            by: agreed.agreements
              .toSorted((a, b) => PARTY_ORDER.indexOf(a.party) - PARTY_ORDER.indexOf(b.party))
              .map((row) => row.agreed_by_name),
          }
        : null,
      newerDraftNumber: agreed && current.number > agreed.version.number ? current.number : null,
      printedAt,
    };
    const content = version.content;
    const names = await involvedNames(stores, content.involved.careTeamMemberIds, content.involved.circleMemberIds);
    // Who last changed each part, for the easy-read copy that says who wrote what.
    const writers = withWriters ? sectionWriters(await stores.plans.versionsUpTo(version.number)) : {};
    return { personId, isSelf: decision.purpose === 'self', header, content, names, writers, readerId: data.actor?.id };
  });
}
