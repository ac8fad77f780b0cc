import type { TeamContact } from '../access/index.ts';
import type { PlanContent } from './content.ts';

// Who the plan names from the care team, and how to reach them. Contact details show only for the places the plan
// names: a member of staff the plan does not name (even a key worker) is not listed with their details.

/** How to reach someone the plan names, as the plan's pages, its printed copy and its PDF show it. */
export type ContactView = {
  placeId: string;
  name: string;
  /** 'Social worker, Northbridge City Council'. */
  about: string;
  /** What the plan or the team makes them: 'Key worker', 'Lead professional', 'Arranges the review'. */
  roles: string[];
  phone: string | null;
  phoneHref: string | null;
  email: string;
  team: string | null;
  hours: string | null;
};

/** The care-team places the plan names: involved, lead professional, responsible for the review, or doing an action. */
export function placesNamedIn(plan: PlanContent): string[] {
  const ids = [
    plan.leadProfessional?.careTeamMemberId,
    ...plan.involved.careTeamMemberIds,
    plan.review.responsibleCareTeamMemberId,
    ...plan.needs.flatMap((need) =>
      need.goals.flatMap((goal) =>
        goal.actions.flatMap((action) => (action.owner.kind === 'care_team_member' ? [action.owner.id] : [])),
      ),
    ),
  ];
  return [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
}

/** Each current contact the plan names, with what they are to the plan and the team; lead and key workers first. */
export function planContacts(plan: PlanContent, team: readonly TeamContact[]): ContactView[] {
  const named = new Set(placesNamedIn(plan));
  const views = team
    .filter((member) => named.has(member.placeId))
    .map((member): ContactView => {
      const roles = [
        ...(plan.leadProfessional?.careTeamMemberId === member.placeId ? ['Lead professional'] : []),
        ...(member.isKeyWorker ? ['Key worker'] : []),
        ...(plan.review.responsibleCareTeamMemberId === member.placeId ? ['Arranges the review'] : []),
      ];
      return {
        placeId: member.placeId,
        name: member.name,
        about: `${member.jobTitle}, ${member.organisation}`,
        roles,
        phone: member.contact.phone,
        phoneHref: member.contact.phoneHref,
        email: member.contact.email,
        team: member.contact.team,
        hours: member.contact.hours,
      };
    });
  // The lead professional and key workers first, then everyone else as the team lists them.
  return views.toSorted((a, b) => Number(b.roles.length > 0) - Number(a.roles.length > 0));
}

/** Reads how to reach each current member of the care team the plan names. */
export async function readPlanContacts(
  access: { currentTeamContacts: (placeIds: readonly string[], today: string) => Promise<TeamContact[]> },
  plan: PlanContent,
  today: string,
): Promise<ContactView[]> {
  return planContacts(plan, await access.currentTeamContacts(placesNamedIn(plan), today));
}
