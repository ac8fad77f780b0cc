import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { addMonths, ukDate } from '../../../dates.ts';
import { notFound } from '../../../errors.ts';
import { checkForm, type FormErrors } from '../../../web/forms.ts';
import { onlyFor, requireStaff } from '../../identity/index.ts';
import type { CommissioningFilters } from '../commissioning-service.ts';
import type { BudgetsService } from '../service.ts';
import { monthName, monthsOf } from '../statement.ts';
import { SPENDING_CATEGORIES, isSpendingCategory } from '../terms.ts';

// Spending and gaps: figures for managers about the people their organisation supports, suppressed so that nobody
// can be picked out. A GET form of filters, so a view can be bookmarked and works without JavaScript.

/** How far back the view reaches, in months, the current month counted. */
const MONTHS_OFFERED = 36;

/** The months a period may start or end in, oldest first. */
const monthsOffered = (today: string) =>
  monthsOf({ startsOn: addMonths(`${today.slice(0, 7)}-01`, 1 - MONTHS_OFFERED), endsOn: today });

const filtersForm = (offered: readonly string[]) =>
  z
    .object({
      from: z.string().refine((month) => offered.includes(month), { message: 'Choose the month the period starts' }),
      to: z.string().refine((month) => offered.includes(month), { message: 'Choose the month the period ends' }),
      category: z.string().refine((category) => category === '' || isSpendingCategory(category), {
        message: 'Choose a kind of spending',
      }),
    })
    .refine((form) => form.from <= form.to, {
      message: 'The period must end in the same month as it starts or later',
      path: ['to'],
    });

export function registerCommissioningRoutes(app: FastifyInstance, budgets: BudgetsService): void {
  const managersOnly = { preHandler: [requireStaff, onlyFor('viewCommissioning')] };

  app.get('/staff/commissioning', managersOnly, async (request, reply) => {
    const actor = request.actor!;
    if (actor.kind !== 'staff') throw notFound();
    const today = ukDate(new Date());
    const offered = monthsOffered(today);
    const query = request.query as Record<string, unknown>;
    const defaults = { from: offered.at(-12)!, to: offered.at(-1)!, category: '' };
    const asked = { ...defaults, ...query };
    const form = checkForm(filtersForm(offered), asked);
    const page = (values: Record<string, unknown>, errors?: FormErrors) => ({
      pageTitle: 'Spending and gaps',
      organisation: actor.organisationName,
      values,
      months: offered.map((month) => ({ value: month, text: monthName(month) })),
      categories: [
        { value: '', text: 'All kinds of spending' },
        ...Object.entries(SPENDING_CATEGORIES).map(([value, text]) => ({ value, text })),
      ],
      errors: errors?.list,
      fieldErrors: errors?.byField ?? {},
    });
    if (!form.ok) return reply.code(400).render('budgets/views/commissioning.njk', page(form.values, form.errors));
    const filters: CommissioningFilters = {
      from: form.data.from,
      to: form.data.to,
      category: isSpendingCategory(form.data.category) ? form.data.category : null,
    };
    const view = await budgets.commissioning.view(actor, filters, today);
    return reply.render('budgets/views/commissioning.njk', {
      ...page(form.data),
      period:
        filters.from === filters.to
          ? monthName(filters.from)
          : `${monthName(filters.from)} to ${monthName(filters.to)}`,
      category: filters.category ? SPENDING_CATEGORIES[filters.category] : null,
      ...view,
    });
  });
}
