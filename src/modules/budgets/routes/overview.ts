import type { FastifyInstance } from 'fastify';
import { formatUkDate, ukDate } from '../../../dates.ts';
import { pathId } from '../../../web/params.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { formatPence } from '../money.ts';
import type { BudgetsService } from '../service.ts';
import { describeLine, describeStream, describeTransaction } from './describe.ts';
import { budgetHome } from './paths.ts';
import { paceAlert } from './pace-alert.ts';

/** The banner after a change, from the `done` the form redirected with. */
const DONE: Record<string, string> = {
  started: 'The budget has been started.',
  stream: 'The funding has been added to the budget.',
  line: 'The line has been added to the support plan.',
  changed: 'The line of the support plan has been changed.',
  removed: 'The line has been removed from the support plan.',
  allocation: 'The money has been added to the budget.',
  payment: 'The payment into the direct-payment account has been recorded.',
  spend: 'The spending has been recorded.',
  refund: 'The refund has been recorded.',
  clawback: 'The money taken back has been recorded.',
  reversal: 'The correction has been recorded.',
  again: 'This had already been recorded, so it was not recorded again.',
};

export function registerOverviewRoutes(app: FastifyInstance, budgets: BudgetsService): void {
  app.get('/people/:personId/budget', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const page = await budgets.budget.overview(request.personData, personId, ukDate(new Date()));
    const current = page.current;
    const { done } = request.query as { done?: string };
    return reply.render('budgets/views/budget.njk', {
      pageTitle: page.isThePerson ? 'Your personal budget' : `Personal budget – ${page.name}`,
      backLink: page.isThePerson ? '/my' : `/people/${personId}`,
      flash: done ? DONE[done] : undefined,
      personId,
      name: page.name,
      isThePerson: page.isThePerson,
      mayManage: page.mayManage,
      home: budgetHome(personId),
      allocation: page.allocation && {
        amount: formatPence(page.allocation.amountPence),
        on: formatUkDate(page.allocation.assessedAt),
      },
      budget: current && {
        period: `${formatUkDate(current.budget.starts_on)} to ${formatUkDate(current.budget.ends_on)}`,
        given: formatPence(current.givenPence),
        spent: formatPence(current.spentPence),
        left: formatPence(current.leftPence),
        streams: current.streams.map(({ stream, ...totals }) => describeStream(stream, totals)),
        lines: current.lines.map(describeLine),
        planned: formatPence(current.plannedPence),
        overPlanned: current.overPlannedPence > 0 ? formatPence(current.overPlannedPence) : null,
        recent: current.recent.map((row) =>
          describeTransaction(
            row,
            current.streams.map((total) => total.stream),
          ),
        ),
        hasDirectPayment: current.streams.some(({ stream }) => stream.managed_as === 'direct_payment'),
        agreements: page.agreements,
        pace: paceAlert(
          current,
          { isThePerson: page.isThePerson, name: page.name, contact: page.contact },
          ukDate(new Date()),
        ),
      },
    });
  });
}
