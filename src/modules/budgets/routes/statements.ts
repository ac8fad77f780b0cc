import type { FastifyInstance } from 'fastify';
import { formatUkDate, ukDate } from '../../../dates.ts';
import { notFound } from '../../../errors.ts';
import { pathId } from '../../../web/params.ts';
import { requireSignedIn } from '../../identity/index.ts';
import type { GoalSpend, LineSpend } from '../achievements.ts';
import { formatPence } from '../money.ts';
import type { BudgetsService } from '../service.ts';
import { isMonth, monthName, type Correction, type MonthStatement } from '../statement.ts';
import { TRANSACTION_KINDS } from '../terms.ts';
import { categoryName } from './describe.ts';
import { budgetHome } from './paths.ts';

// Monthly statements, and what the money has achieved goal by goal: pages the person reads, so "you" for them.

/** A date without its year when the statement's month already says it: '3 November'. */
const dayAndMonth = (date: string) => formatUkDate(date).replace(/ \d{4}$/, '');

const signed = (pence: number) => `${pence > 0 ? '+' : ''}${formatPence(pence)}`;

/** A correction as a sentence: what was put right, what it did to the money left, and why. */
function describeCorrection(correction: Correction, you: boolean) {
  const what = correction.corrects
    ? `“${correction.corrects.description}” (${TRANSACTION_KINDS[correction.corrects.kind].toLowerCase()})`
    : 'An earlier entry';
  const budget = you ? 'your budget' : 'the budget';
  const change =
    correction.changePence > 0
      ? `${formatPence(correction.changePence)} went back into ${budget}.`
      : correction.changePence < 0
        ? `${formatPence(-correction.changePence)} came off ${budget}.`
        : 'The money left did not change.';
  return { date: dayAndMonth(correction.occurredOn), what, change, reason: correction.reason };
}

/**
 * The figures of a statement as summary-list rows: the four that always matter, the others only when not nothing.
 * A month not over yet ends with what is left so far.
 */
function statementRows(statement: MonthStatement, today: string) {
  const end = statement.to > today ? 'Left so far' : 'Left at the end';
  const rows = [
    { key: 'Left at the start', value: formatPence(statement.startPence) },
    { key: 'Money added', value: formatPence(statement.addedPence) },
    { key: 'Refunds', value: formatPence(statement.refundsPence), optional: true },
    { key: 'Spent', value: formatPence(statement.spentPence) },
    { key: 'Money taken back', value: formatPence(statement.takenBackPence), optional: true },
    {
      key: 'Corrections',
      value: signed(statement.correctionsPence),
      optional: statement.corrections.length === 0,
    },
    { key: end, value: formatPence(statement.endPence), total: true },
  ];
  return rows
    .filter((row) => !(row.optional === true && row.value === formatPence(0)))
    .map((row) => ({
      key: { text: row.key, classes: row.total ? 'govuk-!-font-weight-bold' : undefined },
      value: { text: row.value, classes: row.total ? 'govuk-!-font-weight-bold' : undefined },
    }));
}

const GOAL_PROGRESS: Record<string, string> = {
  not_started: 'Not started yet',
  in_progress: 'Under way',
  achieved: 'Achieved',
  no_longer_wanted: 'No longer wanted',
};

const describeLineSpend = (line: LineSpend) => ({
  what: line.what,
  planned: formatPence(line.costPence),
  spent: formatPence(line.spentPence),
});

function describeGoal(goalSpend: GoalSpend, number: number) {
  return {
    heading: goalSpend.goal?.words ?? `Goal ${number}`,
    progress: goalSpend.goal ? (GOAL_PROGRESS[goalSpend.goal.status] ?? '') : '',
    lines: goalSpend.lines.map(describeLineSpend),
    spent: formatPence(goalSpend.spentPence),
  };
}

export function registerStatementRoutes(app: FastifyInstance, budgets: BudgetsService): void {
  app.get('/people/:personId/budget/statements', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const page = await budgets.statements.months(request.personData, personId, ukDate(new Date()));
    const home = budgetHome(personId);
    return reply.render('budgets/views/statements.njk', {
      pageTitle: page.isThePerson ? 'Your monthly statements' : `Monthly statements – ${page.name}`,
      backLink: home,
      name: page.name,
      isThePerson: page.isThePerson,
      hasBudget: page.budget !== undefined,
      months: page.months.map((statement) => ({
        href: `${home}/statements/${statement.month}`,
        name: monthName(statement.month),
        spent: formatPence(statement.spentPence),
        left: formatPence(statement.endPence),
      })),
    });
  });

  app.get('/people/:personId/budget/statements/:month', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const month = (request.params as { month?: unknown }).month;
    if (!isMonth(month)) throw notFound();
    const today = ukDate(new Date());
    const page = await budgets.statements.statement(request.personData, personId, month, today);
    const { statement } = page;
    const home = budgetHome(personId);
    return reply.render('budgets/views/statement.njk', {
      pageTitle: page.isThePerson
        ? `Your statement for ${monthName(month)}`
        : `Statement for ${monthName(month)} – ${page.name}`,
      backLink: `${home}/statements`,
      name: page.name,
      isThePerson: page.isThePerson,
      home,
      month: monthName(month),
      days: `${formatUkDate(statement.from)} to ${formatUkDate(statement.to)}`,
      rows: statementRows(statement, today),
      paidToDirectPayment:
        statement.paidToDirectPaymentPence !== 0 ? formatPence(statement.paidToDirectPaymentPence) : null,
      spent: formatPence(statement.spentPence),
      byCategory: statement.spentByCategory.map((row) => ({
        name: categoryName(row.category) || 'Something else',
        amount: formatPence(row.pence),
      })),
      byLine: statement.spentByLine.map((row) => ({
        name: (row.lineId && page.lineNames.get(row.lineId)) ?? null,
        amount: formatPence(row.pence),
      })),
      corrections: statement.corrections.map((correction) => describeCorrection(correction, page.isThePerson)),
      contact: page.contact,
    });
  });

  app.get('/people/:personId/budget/achievements', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const page = await budgets.achievements.achievements(request.personData, personId, ukDate(new Date()));
    const found = page.achievements;
    return reply.render('budgets/views/achievements.njk', {
      pageTitle: page.isThePerson ? 'What your money has achieved' : `What the money has achieved – ${page.name}`,
      backLink: budgetHome(personId),
      name: page.name,
      isThePerson: page.isThePerson,
      mayReadPlan: page.mayReadPlan,
      period: page.budget && `${formatUkDate(page.budget.starts_on)} to ${formatUkDate(page.budget.ends_on)}`,
      achievements: found && {
        goals: found.goals.map((goal, index) => describeGoal(goal, index + 1)),
        unlinkedLines: found.unlinkedLines.map(describeLineSpend),
        removedLines: found.removedLinesPence !== 0 ? formatPence(found.removedLinesPence) : null,
        notInPlan: found.notInPlanPence !== 0 ? formatPence(found.notInPlanPence) : null,
        refunded: found.refundedPence !== 0 ? formatPence(found.refundedPence) : null,
        spent: formatPence(found.spentPence),
      },
    });
  });
}
