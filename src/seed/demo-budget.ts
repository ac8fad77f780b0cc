import type { Db } from '../db/database.ts';
import { addDays, ukDate } from '../dates.ts';
import { newId } from '../ids.ts';
import { bindBudgetStore, postingsFor, transactionRow } from '../modules/budgets/index.ts';
import type { DemoIds } from './demo.ts';

// A personal budget for Aisha in the demo area, so a new user sees one at once: a year from last month, fed by the
// council (a direct payment for a personal assistant) and the NHS (physiotherapy arranged for her), a costed support
// plan whose personal-assistant line serves the walking goal of her agreed plan, and a month of spending. Written
// straight into the tables in one transaction, as the demo plan is; test apps seed the demo area without it.

const PRIYA = 'Priya Shah, Social worker';

export async function seedDemoBudget(db: Db, ids: DemoIds, now = new Date()): Promise<void> {
  const aisha = ids.people.aisha!;
  const today = ukDate(now);
  const startsOn = `${addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)}-01`;
  const by = { kind: 'staff' as const, id: ids.staff.priya!, name: PRIYA };
  await db.transaction().execute(async (trx) => {
    const budgets = bindBudgetStore(trx, aisha);
    const plan = await trx
      .selectFrom('plan_version')
      .select('content')
      .where('person_id', '=', aisha)
      .orderBy('number', 'desc')
      .limit(1)
      .executeTakeFirst();
    const walkingGoal = plan?.content.needs[0]?.goals[0]?.id ?? null;
    const budgetId = newId();
    await budgets.insertBudget({
      id: budgetId,
      starts_on: startsOn,
      ends_on: addDays(startsOn, 364),
      created_by_kind: by.kind,
      created_by_id: by.id,
      created_by_name: by.name,
      created_at: now,
    });
    const stream = async (
      kind: 'council_personal_budget' | 'nhs_personal_health_budget',
      funder: string,
      rules: {
        allowed: string[];
        managedAs: 'direct_payment' | 'notional';
      },
    ) => {
      const id = newId();
      await budgets.insertStream({
        budget_id: budgetId,
        id,
        kind,
        funder_name: funder,
        allowed_categories: JSON.stringify(rules.allowed),
        managed_as: rules.managedAs,
        review_on: addDays(startsOn, rules.managedAs === 'direct_payment' ? 180 : 364),
        added_by_kind: by.kind,
        added_by_id: by.id,
        added_by_name: by.name,
        added_at: now,
      });
      return id;
    };
    const council = await stream('council_personal_budget', 'Northbridge City Council', {
      allowed: ['personal_assistant', 'activities'],
      managedAs: 'direct_payment',
    });
    const nhs = await stream('nhs_personal_health_budget', 'Northbridge NHS', {
      allowed: ['therapy', 'equipment'],
      managedAs: 'notional',
    });
    const line = async (
      what: string,
      provider: string,
      unitCostPence: number,
      quantity: number,
      category: string,
      goalId: string | null,
      streamId: string,
      frequency: 'weekly' | 'monthly',
    ) => {
      const lineId = newId();
      await budgets.insertLineVersion({
        budget_id: budgetId,
        line_id: lineId,
        version: 1,
        what,
        provider,
        unit_cost_pence: unitCostPence,
        quantity,
        frequency,
        category,
        goal_id: goalId,
        stream_id: streamId,
        removed: false,
        changed_by_kind: by.kind,
        changed_by_id: by.id,
        changed_by_name: by.name,
        changed_at: now,
      });
      return lineId;
    };
    const assistant = await line(
      'A personal assistant to walk with Aisha and help with shopping',
      'You, employing Jo Patel',
      1_500,
      6,
      'personal_assistant',
      walkingGoal,
      council,
      'weekly',
    );
    const physio = await line(
      'Physiotherapy at home',
      'Northbridge Therapies',
      4_500,
      1,
      'therapy',
      walkingGoal,
      nhs,
      'monthly',
    );
    const transaction = (
      kind: 'allocation' | 'payment' | 'spend',
      occurredOn: string,
      description: string,
      postings: ReturnType<typeof postingsFor>,
      extra: { payee?: string; category?: string; lineId?: string } = {},
    ) => ({
      row: transactionRow(
        {
          id: newId(),
          budget_id: budgetId,
          kind,
          occurred_on: occurredOn,
          description,
          payee: extra.payee ?? null,
          category: extra.category ?? null,
          line_id: extra.lineId ?? null,
        },
        by,
        now,
      ),
      postings,
    });
    const week = (days: number) => addDays(startsOn, days);
    await budgets.insertTransactions([
      transaction(
        'allocation',
        startsOn,
        'Funding from Northbridge City Council',
        postingsFor({ kind: 'allocation', streamId: council, amountPence: 936_000 }),
      ),
      transaction(
        'allocation',
        startsOn,
        'Funding from Northbridge NHS',
        postingsFor({ kind: 'allocation', streamId: nhs, amountPence: 250_000 }),
      ),
      transaction(
        'payment',
        week(2),
        'Direct payment for the month',
        postingsFor({ kind: 'payment', streamId: council, amountPence: 78_000 }),
      ),
      ...[4, 11, 18, 25].map((day) =>
        transaction(
          'spend',
          week(day),
          'A week of walks and shopping with Jo',
          postingsFor({ kind: 'spend', streamId: council, amountPence: 9_000, source: 'direct_payment' }),
          {
            payee: 'Jo Patel',
            category: 'personal_assistant',
            lineId: assistant,
          },
        ),
      ),
      transaction(
        'spend',
        week(9),
        'Physiotherapy visit',
        postingsFor({ kind: 'spend', streamId: nhs, amountPence: 4_500, source: 'held' }),
        {
          payee: 'Northbridge Therapies',
          category: 'therapy',
          lineId: physio,
        },
      ),
    ]);
  });
}
