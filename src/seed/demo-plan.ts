import type { Db } from '../db/database.ts';
import { ukDate } from '../dates.ts';
import { newId } from '../ids.ts';
import { emptyPlan, planContentSchema, type PlanContent } from '../modules/plans/index.ts';
import type { DemoIds } from './demo.ts';

// An agreed care and support plan for Aisha in the demo area, so a new user sees a whole plan at once:
// written over three versions by Aisha, Priya (council) and Dr Okafor (GP), agreed by Aisha and by Priya
// as lead professional, with its review due in three weeks (it shows in Priya's "Reviews due").
// Test apps seed the demo area without it, so their journeys can start Aisha's plan from nothing.

const DAY = 86_400_000;

export async function seedDemoPlan(db: Db, ids: DemoIds, now = new Date()): Promise<void> {
  const aisha = ids.people.aisha!;
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
  await db.transaction().execute(async (trx) => {
    const places = await trx
      .selectFrom('care_team_member')
      .select(['id', 'staff_account_id'])
      .where('person_id', '=', aisha)
      .execute();
    const placeOf = (staffKey: string) => places.find((place) => place.staff_account_id === ids.staff[staffKey])!.id;
    const circle = await trx
      .selectFrom('circle_member')
      .select(['id', 'name'])
      .where('person_id', '=', aisha)
      .execute();
    const circleId = (name: string) => circle.find((member) => member.name === name)!.id;
    const account = await trx
      .selectFrom('person_account_link')
      .innerJoin('person_account', 'person_account.id', 'person_account_link.person_account_id')
      .select('person_account.id')
      .where('person_account_link.person_id', '=', aisha)
      .where('acting_as', '=', 'self')
      .executeTakeFirstOrThrow();
    const [priya, tom] = [placeOf('priya'), placeOf('tom')];

    const first: PlanContent = planContentSchema.parse({
      whatMatters: 'Being at home with my plants, and cooking for my grandchildren on Sundays.',
      strengths:
        'I am a good cook and I know my own mind. Fatima visits most days and Bill next door keeps an eye out for me.',
      needs: [
        {
          id: newId(),
          description: 'Getting to the shops and the mosque since my fall',
          goals: [
            {
              id: newId(),
              inOwnWords: 'To walk to the corner shop on my own again by the summer',
              importance: 9,
              status: 'in_progress',
              outcomes: '',
              actions: [
                {
                  id: newId(),
                  what: 'Home visit from a physiotherapist for a walking plan',
                  owner: { kind: 'care_team_member', id: tom, name: 'Dr Tom Okafor' },
                  byWhen: ukDate(at(-14)),
                  status: 'in_progress',
                  confidence: 8,
                  reviewDate: null,
                },
                {
                  id: newId(),
                  what: 'Walk to the end of the road with Aisha twice a week',
                  owner: { kind: 'circle_member', id: circleId('Bill Hartley'), name: 'Bill Hartley' },
                  byWhen: null,
                  status: 'not_started',
                  confidence: 7,
                  reviewDate: null,
                },
              ],
            },
          ],
        },
      ],
      contingency: {
        triggers: 'Another fall, or a chest infection in the winter.',
        earlyWarningSigns: 'I stop answering the phone and miss meals.',
        whatShouldHappen: 'Fatima or Bill checks on me the same day. If I am hurt, call 999.',
        whoToContact: 'Fatima Khan (daughter) first, then Priya Shah at the council.',
        copingStrategies: 'A cup of tea, my radio, and talking to my granddaughter on the phone.',
        advanceStatements: 'I want to stay at home if it is at all safe.',
      },
      riskDecisions: [
        {
          id: newId(),
          risk: 'Cooking Sunday lunch on my own gas cooker',
          gains: 'Cooking for my family is the best part of my week.',
          couldGoWrong: 'A burn, or leaving the gas on.',
          safeguards: 'A gas safety check and a cooker timer; Fatima is there on Sundays.',
          personView: 'It is my kitchen and I have cooked in it for forty years.',
          agreedBy: 'Aisha Khan, Fatima Khan and Priya Shah',
        },
      ],
      involved: {
        careTeamMemberIds: [priya, tom],
        circleMemberIds: [circleId('Fatima Khan'), circleId('Bill Hartley')],
      },
      leadProfessional: { careTeamMemberId: priya, name: 'Priya Shah' },
      review: { date: ukDate(at(-21)), responsibleCareTeamMemberId: priya, responsibleName: 'Priya Shah' },
      funding: 'Council-funded care at home, and Attendance Allowance.',
    });
    const versions: {
      content: PlanContent;
      summary: string;
      by: { kind: 'staff' | 'citizen'; id: string; name: string };
      daysAgo: number;
    }[] = [
      {
        content: { ...emptyPlan(), whatMatters: first.whatMatters, strengths: first.strengths },
        summary: 'Started the plan with what matters to Aisha and her strengths',
        by: { kind: 'staff', id: ids.staff.priya!, name: 'Priya Shah, Social worker' },
        daysAgo: 30,
      },
      {
        content: { ...first, involved: emptyPlan().involved, leadProfessional: null, review: emptyPlan().review },
        summary: 'Added a need, a goal, two actions, the crisis plan and a positive-risk decision',
        by: { kind: 'staff', id: ids.staff.tom!, name: 'Dr Tom Okafor, GP' },
        daysAgo: 20,
      },
      {
        content: first,
        summary: 'Changed: Who is involved',
        by: { kind: 'staff', id: ids.staff.priya!, name: 'Priya Shah, Social worker' },
        daysAgo: 14,
      },
    ];
    for (const [index, version] of versions.entries()) {
      await trx
        .insertInto('plan_version')
        .values({
          person_id: aisha,
          number: index + 1,
          id: newId(),
          content: version.content,
          based_on: index || null,
          change_summary: version.summary,
          saved_by_kind: version.by.kind,
          saved_by_id: version.by.id,
          saved_by_name: version.by.name,
          saved_at: at(version.daysAgo),
        })
        .execute();
    }
    await trx
      .insertInto('plan_agreement')
      .values([
        {
          person_id: aisha,
          version_number: 3,
          party: 'person',
          agreed_by_kind: 'citizen',
          agreed_by_id: account.id,
          agreed_by_name: 'Aisha Khan',
          agreed_at: at(13),
        },
        {
          person_id: aisha,
          version_number: 3,
          party: 'lead_professional',
          agreed_by_kind: 'staff',
          agreed_by_id: ids.staff.priya!,
          agreed_by_name: 'Priya Shah, Social worker',
          agreed_at: at(13),
        },
      ])
      .execute();
  });
}
