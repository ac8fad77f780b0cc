import type { DutyReader, OwnedAction, PlaceDuty, PlaceHolder } from '../../data/place-duties.ts';
import type { PlanContent } from './content.ts';
import type { PlanStore } from './store.ts';
import { placesNamedIn } from './plan-contacts.ts';

// What the current plan asks of one member of the circle of support or the care team. The people and access
// modules ask this (through the composition root) before they end someone's place.

const isOpen = (status: string): boolean => status !== 'done' && status !== 'stopped';

/** The actions in this content that the member is named for and that are neither done nor stopped. */
export function openActionsIn(content: PlanContent, member: PlaceHolder): OwnedAction[] {
  return content.needs.flatMap((need) =>
    need.goals.flatMap((goal) =>
      goal.actions
        .filter((action) => action.owner.kind === member.kind && action.owner.id === member.id && isOpen(action.status))
        .map((action) => ({ id: action.id, what: action.what, goal: goal.inOwnWords })),
    ),
  );
}

/** Everything in this content that would be left with nobody if the member's place ended, in words; empty when nothing. */
export function dutiesIn(
  content: PlanContent,
  personId: string,
  member: PlaceHolder,
  name: string,
  reader: DutyReader,
): PlaceDuty[] {
  const plan = `/people/${personId}/plan`;
  /** `todo` is what must happen first, as 'give them to someone else'. */
  const duty = (message: string, todo: string, actions: OwnedAction[], href: string, text: string): PlaceDuty => {
    const advice = reader.mayChangePlan
      ? `${todo.charAt(0).toUpperCase()}${todo.slice(1)} first.`
      : `Someone who can change the plan needs to ${todo} first.`;
    return {
      summary: `${message}. ${advice}`,
      message,
      actions: reader.mayReadPlan ? actions : [],
      advice,
      change: reader.mayChangePlan ? { href, text } : null,
    };
  };
  const duties: PlaceDuty[] = [];
  const actions = openActionsIn(content, member);
  if (actions.length) {
    const count = actions.length === 1 ? '1 action' : `${actions.length} actions`;
    duties.push(
      duty(
        `${name} is named for ${count} in the plan`,
        `give ${actions.length === 1 ? 'it' : 'them'} to someone else`,
        actions,
        `${plan}/needs`,
        'Change who does the actions in the plan',
      ),
    );
  }
  if (member.kind === 'care_team_member' && content.leadProfessional?.careTeamMemberId === member.id) {
    duties.push(
      duty(
        `${name} is the plan’s lead professional`,
        'choose another lead professional',
        [],
        `${plan}/people`,
        'Change who is involved in the plan',
      ),
    );
  }
  if (member.kind === 'care_team_member' && content.review.responsibleCareTeamMemberId === member.id) {
    duties.push(
      duty(
        `${name} is responsible for the plan’s review`,
        'choose someone else to be responsible for the review',
        [],
        `${plan}/review-date`,
        'Change who is responsible for the review',
      ),
    );
  }
  return duties;
}

/** What the current plan still asks of this member; empty when there is no plan or nothing. */
export async function planDutiesOf(
  plans: PlanStore,
  member: PlaceHolder,
  name: string,
  reader: DutyReader,
): Promise<PlaceDuty[]> {
  const current = await plans.currentVersion();
  return current ? dutiesIn(current.content, current.person_id, member, name, reader) : [];
}

/** The care-team places the current plan names; empty when there is no plan. */
export async function placesNamedInCurrentPlan(plans: PlanStore): Promise<string[]> {
  const current = await plans.currentVersion();
  return current ? placesNamedIn(current.content) : [];
}

/** The care-team place the current plan names as lead professional; null when there is no plan or no lead. */
export async function leadProfessionalPlaceOf(plans: PlanStore): Promise<string | null> {
  const current = await plans.currentVersion();
  return current?.content.leadProfessional?.careTeamMemberId ?? null;
}
