import type { FastifyInstance, FastifyReply } from 'fastify';
import { ukDate } from '../../../dates.ts';
import { checkForm, fieldError, type FormErrors } from '../../../web/forms.ts';
import { pathId } from '../../../web/params.ts';
import { unlessRefused } from '../../../web/refusals.ts';
import { requireSignedIn } from '../../identity/index.ts';
import type { LineAnswer } from '../lines-service.ts';
import { penceAsTyped } from '../money.ts';
import type { BudgetsService } from '../service.ts';
import { FREQUENCIES, SPENDING_CATEGORIES } from '../terms.ts';
import { lineForm, type LineFormAnswer } from './forms.ts';
import { budgetHome, itemId } from './paths.ts';

// Adding, changing and removing lines of the costed support plan.

type Form = { values: Record<string, unknown>; errors?: FormErrors };

const answerOf = (form: LineFormAnswer): LineAnswer => ({
  what: form.what,
  provider: form.provider,
  unitCostPence: form.unit_cost,
  quantity: form.quantity,
  frequency: form.frequency,
  category: form.category,
  goalId: form.goal,
  streamId: form.stream,
});

const valuesOf = (line: Awaited<ReturnType<BudgetsService['lines']['line']>>) => ({
  what: line.what,
  provider: line.provider,
  unit_cost: penceAsTyped(line.unit_cost_pence),
  quantity: String(line.quantity),
  frequency: line.frequency,
  category: line.category,
  goal: line.goal_id ?? 'none',
  stream: line.stream_id,
  version: String(line.version),
});

/** The field a refusal from the service is about, for the message beside it. */
const refusedField = (message: string) =>
  message.includes('goal') ? 'goal' : message.includes('funding') ? 'stream' : 'what';

export function registerLineRoutes(app: FastifyInstance, budgets: BudgetsService): void {
  async function renderForm(reply: FastifyReply, personId: string, lineId: string | null, form: Form) {
    const context = await budgets.budget.forForm(reply.request.personData, personId, ukDate(new Date()));
    if (!context.budget) return reply.redirect(`${budgetHome(personId)}/start`, 303);
    const home = budgetHome(personId);
    return reply.render('budgets/views/line-form.njk', {
      pageTitle: lineId ? 'Change a line of the support plan' : 'Add to the support plan',
      backLink: home,
      action: lineId ? `${home}/lines/${lineId}/change` : `${home}/lines/add`,
      buttonText: lineId ? 'Save the change' : 'Add to the support plan',
      name: context.name,
      values: form.values,
      frequencies: Object.entries(FREQUENCIES).map(([value, text]) => ({ value, text: capitalise(text) })),
      categories: [
        { value: '', text: 'Choose a kind of support' },
        ...Object.entries(SPENDING_CATEGORIES).map(([value, text]) => ({ value, text })),
      ],
      goals: context.goals && [
        ...context.goals.map((goal) => ({ value: goal.id, text: goal.words })),
        { divider: 'or' },
        { value: 'none', text: 'It does not serve one goal' },
      ],
      streams: context.streams.map((stream) => ({ value: stream.id, text: stream.funder_name })),
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  async function save(
    reply: FastifyReply,
    personId: string,
    lineId: string | null,
    write: (answer: LineAnswer, version: number) => Promise<unknown>,
  ) {
    const form = checkForm(lineForm(), reply.request.body);
    if (!form.ok) return renderForm(reply.code(400), personId, lineId, form);
    const body = reply.request.body as Record<string, unknown>;
    return unlessRefused(
      async () => {
        await write(answerOf(form.data), form.data.version);
        return reply.redirect(`${budgetHome(personId)}?done=${lineId ? 'changed' : 'line'}`, 303);
      },
      'CW_REFUSED',
      (error) =>
        renderForm(reply.code(400), personId, lineId, {
          values: body,
          errors: fieldError(refusedField(error.message), error.message),
        }),
    );
  }

  app.get('/people/:personId/budget/lines/add', { preHandler: requireSignedIn }, async (request, reply) =>
    renderForm(reply, pathId(request, 'personId'), null, { values: {} }),
  );
  app.post('/people/:personId/budget/lines/add', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    return save(reply, personId, null, (answer) => budgets.lines.add(request.personData, personId, answer, new Date()));
  });

  app.get('/people/:personId/budget/lines/:lineId/change', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const lineId = itemId(request, 'lineId');
    const line = await budgets.lines.line(request.personData, personId, lineId);
    return renderForm(reply, personId, lineId, { values: valuesOf(line) });
  });
  app.post('/people/:personId/budget/lines/:lineId/change', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const lineId = itemId(request, 'lineId');
    return save(reply, personId, lineId, (answer, version) =>
      budgets.lines.change(request.personData, personId, lineId, version, answer, new Date()),
    );
  });

  app.get('/people/:personId/budget/lines/:lineId/remove', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const lineId = itemId(request, 'lineId');
    const line = await budgets.lines.line(request.personData, personId, lineId);
    return reply.render('budgets/views/line-remove.njk', {
      pageTitle: 'Remove a line of the support plan',
      backLink: budgetHome(personId),
      action: `${budgetHome(personId)}/lines/${lineId}/remove`,
      what: line.what,
      version: line.version,
    });
  });
  app.post('/people/:personId/budget/lines/:lineId/remove', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const lineId = itemId(request, 'lineId');
    const line = await budgets.lines.line(request.personData, personId, lineId);
    const version = Number((request.body as { version?: string }).version);
    await budgets.lines.remove(request.personData, personId, lineId, version, line.what, new Date());
    return reply.redirect(`${budgetHome(personId)}?done=removed`, 303);
  });
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
