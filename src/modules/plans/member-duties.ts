import type { Db } from '../../db/database.ts';
import type { PlanContent } from './content.ts';
import { currentVersion } from './store.ts';

// What the current plan asks of one member of the circle of support or the care team. Other modules ask
// this before they end someone's place, so it imports neither people nor access.

/** Someone a plan names by id. */
export type PlanMember = { kind: 'circle_member' | 'care_team_member'; id: string };

/** An action still to do, with the goal it serves. */
export type OwnedAction = { id: string; what: string; goal: string };

/**
 * Something in the plan that only this member holds, so their place cannot end until it is given to
 * someone else. `summary` is one line for an error summary; a page shows `message`, the actions (when
 * the reader may see the plan), `advice` and, for those who may change the plan, a link to where.
 */
export type PlanDuty = { summary: string; message: string; actions: OwnedAction[]; advice: string; change: { href: string; text: string } | null };

/** What the person asking may do with the plan, which decides how much the duties say. */
export type PlanDutyReader = { mayReadPlan: boolean; mayChangePlan: boolean };

const isOpen = (status: string): boolean => status !== 'done' && status !== 'stopped';

/** The actions in this content that the member is named for and that are neither done nor stopped. */
export function openActionsIn(content: PlanContent, member: PlanMember): OwnedAction[] {
  return content.needs.flatMap((need) =>
    need.goals.flatMap((goal) =>
      goal.actions
        .filter((action) => action.owner.kind === member.kind && action.owner.id === member.id && isOpen(action.status))
        .map((action) => ({ id: action.id, what: action.what, goal: goal.inOwnWords })),
    ),
  );
}

/** The open actions in the current (newest) plan version owned by this member; none when there is no plan. */
export async function openActionsOwnedBy(db: Db, personId: string, member: PlanMember): Promise<OwnedAction[]> {
  const current = await currentVersion(db, personId);
  return current ? openActionsIn(current.content, member) : [];
}

/** Everything in this content that would be left with nobody if the member's place ended, in words; empty when nothing. */
export function dutiesIn(content: PlanContent, personId: string, member: PlanMember, name: string, reader: PlanDutyReader): PlanDuty[] {
  const plan = `/people/${personId}/plan`;
  /** `todo` is what must happen first, as 'give them to someone else'. */
  const duty = (message: string, todo: string, actions: OwnedAction[], href: string, text: string): PlanDuty => {
    const advice = reader.mayChangePlan ? `${todo.charAt(0).toUpperCase()}${todo.slice(1)} first.` : `Someone who can change the plan needs to ${todo} first.`;
    return { summary: `${message}. ${advice}`, message, actions: reader.mayReadPlan ? actions : [], advice, change: reader.mayChangePlan ? { href, text } : null };
  };
  const duties: PlanDuty[] = [];
  const actions = openActionsIn(content, member);
  if (actions.length) {
    const count = actions.length === 1 ? '1 action' : `${actions.length} actions`;
    duties.push(duty(`${name} is named for ${count} in the plan`, `give ${actions.length === 1 ? 'it' : 'them'} to someone else`, actions, `${plan}/needs`, 'Change who does the actions in the plan'));
  }
  if (member.kind === 'care_team_member' && content.leadProfessional?.careTeamMemberId === member.id) {
    duties.push(duty(`${name} is the plan’s lead professional`, 'choose another lead professional', [], `${plan}/people`, 'Change who is involved in the plan'));
  }
  if (member.kind === 'care_team_member' && content.review.responsibleCareTeamMemberId === member.id) {
    duties.push(duty(`${name} is responsible for the plan’s review`, 'choose someone else to be responsible for the review', [], `${plan}/review-date`, 'Change who is responsible for the review'));
  }
  return duties;
}

/** What the current plan still asks of this member; empty when there is no plan or nothing. */
export async function planDutiesOf(db: Db, personId: string, member: PlanMember, name: string, reader: PlanDutyReader): Promise<PlanDuty[]> {
  const current = await currentVersion(db, personId);
  return current ? dutiesIn(current.content, personId, member, name, reader) : [];
}

/** Thrown inside the transaction that would end a place, so the check and the end stand or fall together. */
export class NamedInPlan extends Error {
  override name = 'NamedInPlan';
  readonly duties: PlanDuty[];
  constructor(duties: PlanDuty[]) {
    super(duties.map((duty) => duty.summary).join(' '));
    this.duties = duties;
  }
}

/** Throws NamedInPlan when the current plan still asks something of this member. Call it in the same transaction as the end. */
export async function refuseIfNamedInPlan(db: Db, personId: string, member: PlanMember, name: string, reader: PlanDutyReader): Promise<void> {
  const duties = await planDutiesOf(db, personId, member, name, reader);
  if (duties.length) throw new NamedInPlan(duties);
}
