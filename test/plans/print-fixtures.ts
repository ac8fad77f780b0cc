import { newId } from '../../src/ids.ts';
import { emptyPlan, type Goal, type PlanContent } from '../../src/modules/plans/content.ts';
import { bindPlanStore } from '../../src/modules/plans/index.ts';
import type { TestApp } from '../support/app.ts';

/** A plan for Aisha with something in every section; `needs` many needs makes it run to several pages. */
export async function aishaPlan(app: TestApp, needs = 2): Promise<PlanContent> {
  const aisha = app.ids.people.aisha!;
  const priyaInTeam = await app.db
    .selectFrom('care_team_member')
    .select('id')
    .where('person_id', '=', aisha)
    .where('staff_account_id', '=', app.ids.staff.priya!)
    .executeTakeFirstOrThrow();
  const fatima = await app.db
    .selectFrom('circle_member')
    .select('id')
    .where('person_id', '=', aisha)
    .where('name', '=', 'Fatima Khan')
    .executeTakeFirstOrThrow();
  const goal = (n: number): Goal => ({
    id: newId(),
    inOwnWords: `I want to go to the market on Saturday number ${n}`,
    importance: 8,
    status: 'in_progress',
    outcomes: 'I went twice in May.',
    actions: [
      {
        id: newId(),
        what: `Find a taxi that takes my wheelchair, try ${n}`,
        owner: { kind: 'person', id: null, name: 'Aisha Khan' },
        byWhen: '2026-04-01',
        status: 'not_started',
        confidence: 7,
        reviewDate: null,
      },
      {
        id: newId(),
        what: `Ask the day centre about Tuesdays, try ${n}`,
        owner: { kind: 'care_team_member', id: priyaInTeam.id, name: 'Priya Shah' },
        byWhen: null,
        status: 'in_progress',
        confidence: null,
        reviewDate: '2026-05-01',
      },
    ],
  });
  return {
    ...emptyPlan(),
    whatMatters: 'Being at home with my plants.\nCooking for my grandchildren on Sundays.',
    strengths: 'My daughter Fatima visits every day.',
    needs: Array.from({ length: needs }, (_, n) => ({
      id: newId(),
      description: `Getting out to see friends, need ${n + 1}`,
      goals: [goal(n + 1)],
    })),
    contingency: {
      triggers: 'A fall at night.',
      earlyWarningSigns: 'I stop answering the phone.',
      whatShouldHappen: 'Fatima comes round and calls the GP.',
      whoToContact: 'Fatima Khan on 07700 900123',
      copingStrategies: 'Radio 4 and a cup of tea.',
      advanceStatements: '',
    },
    riskDecisions: [
      {
        id: newId(),
        risk: 'Using the gas cooker on my own',
        gains: 'I keep cooking for the family.',
        couldGoWrong: 'A pan left on.',
        safeguards: 'An automatic gas shut-off.',
        personView: 'Cooking is who I am.',
        agreedBy: 'Aisha Khan and Priya Shah',
      },
    ],
    involved: { careTeamMemberIds: [priyaInTeam.id], circleMemberIds: [fatima.id] },
    leadProfessional: { careTeamMemberId: priyaInTeam.id, name: 'Priya Shah' },
    review: { date: '2026-09-01', responsibleCareTeamMemberId: priyaInTeam.id, responsibleName: 'Priya Shah' },
    funding: 'Council personal budget and NHS continuing healthcare.',
  };
}

/** Saves a version directly, as the editing pages would. */
export async function saveVersion(app: TestApp, personId: string, number: number, content: PlanContent): Promise<void> {
  await bindPlanStore(app.db, personId).insertVersion({
    number,
    id: newId(),
    content: JSON.stringify(content) as unknown as PlanContent,
    based_on: number > 1 ? number - 1 : null,
    change_summary: `Version ${number}`,
    saved_by_kind: 'staff',
    saved_by_id: app.ids.staff.priya!,
    saved_by_name: 'Priya Shah, Social worker',
    saved_at: new Date(),
  });
}

/** Records both agreements for a version, on the given day. */
export async function agreeVersion(app: TestApp, personId: string, number: number, on: string): Promise<void> {
  const at = new Date(`${on}T10:00:00Z`);
  const aishaAccount = await app.db
    .selectFrom('person_account')
    .select('id')
    .where('email', '=', 'aisha.khan@example.org')
    .executeTakeFirstOrThrow();
  const plans = bindPlanStore(app.db, personId);
  await plans.insertAgreement({
    version_number: number,
    party: 'person',
    agreed_by_kind: 'citizen',
    agreed_by_id: aishaAccount.id,
    agreed_by_name: 'Aisha Khan',
    agreed_at: at,
  });
  await plans.insertAgreement({
    version_number: number,
    party: 'lead_professional',
    agreed_by_kind: 'staff',
    agreed_by_id: app.ids.staff.priya!,
    agreed_by_name: 'Priya Shah, Social worker',
    agreed_at: at,
  });
}
