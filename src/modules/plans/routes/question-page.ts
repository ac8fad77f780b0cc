import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isUuid } from '../../../ids.ts';
import { dateInputView, withDateFields } from '../../../web/date-field.ts';
import { notFound } from '../../../errors.ts';
import { checkForm, type FormErrors } from '../../../web/forms.ts';
import { pathId } from '../../../web/params.ts';
import { renderConflict } from '../../../web/refusals.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { ACTION_STATUSES, GOAL_STATUSES } from '../content.ts';
import { planSection, type PlanEditing, type PlanSection } from '../editing-service.ts';
import { sectionRows, typedRows } from './conflict-rows.ts';
import type { PageContext, QuestionPage } from './page-types.ts';
import { basedOnFrom, ownerChoices } from './fields.ts';
import { suggestionAnsweredNotice } from './suggestions.ts';

export type { PageContext, QuestionPage } from './page-types.ts';

export const section = (key: string): PlanSection => planSection(key)!;
export const planHome = (personId: string) => `/people/${personId}/plan`;

/** Words from the plan in a version's change summary, cut short so the list of versions stays readable. */
export const short = (text: string) => (text.length > 80 ? `${text.slice(0, 79).trimEnd()}…` : text);

/** A list from the plan without the item with this id. */
export const withoutId = <T extends { id: string }>(items: T[], id: string) => items.filter((item) => item.id !== id);
/** A list from the plan with the item with this id changed. */
export const replaced = <T extends { id: string }>(items: T[], id: string, change: (item: T) => T) =>
  items.map((item) => (item.id === id ? change(item) : item));

type Located = { needId?: string; goalId?: string; actionId?: string; decisionId?: string };

/** The need, goal, action and decision ids in the address; a malformed one names nothing. */
function located(request: FastifyRequest): Located {
  const params = request.params as Record<string, unknown>;
  const where: Located = {};
  for (const key of ['needId', 'goalId', 'actionId', 'decisionId'] as const) {
    const id = params[key];
    if (id === undefined) continue;
    if (!isUuid(id)) throw notFound();
    where[key] = id;
  }
  return where;
}

/** Registers question pages: each answers GET with its form and POST by saving a new version of the plan. */
export function questionPages(app: FastifyInstance, editing: PlanEditing) {
  /**
   * The plan and everything a page needs, or undefined when there is no plan yet. `missing` when the address
   * names a need, goal, action or decision that is not in the current plan.
   */
  async function openPage(request: FastifyRequest, personId: string, page: QuestionPage, now: Date, summary?: string) {
    const edit = await editing.forEditing(request.personData, personId, page.section, now, summary);
    if (!edit) return undefined;
    const where = located(request);
    const need = where.needId ? edit.content.needs.find((item) => item.id === where.needId) : undefined;
    const goal = where.goalId ? need?.goals.find((item) => item.id === where.goalId) : undefined;
    const action = where.actionId ? goal?.actions.find((item) => item.id === where.actionId) : undefined;
    const decision = where.decisionId
      ? edit.content.riskDecisions.find((item) => item.id === where.decisionId)
      : undefined;
    const missing = Boolean(
      (where.needId && !need) ||
      (where.goalId && !goal) ||
      (where.actionId && !action) ||
      (where.decisionId && !decision),
    );
    const context: PageContext = {
      people: edit.people,
      today: edit.today,
      plan: edit.content,
      need,
      goal,
      action,
      decision,
    };
    return { edit, context, missing };
  }

  type Opened = NonNullable<Awaited<ReturnType<typeof openPage>>>;

  function renderPage(
    reply: FastifyReply,
    personId: string,
    page: QuestionPage,
    opened: Opened,
    form: { values: Record<string, unknown>; basedOn: number; errors?: FormErrors },
  ) {
    const { edit, context } = opened;
    const home = planHome(personId);
    const dates = Object.fromEntries(
      Object.entries(page.dates?.(context.today) ?? {}).map(([prefix, rule]) => [
        prefix,
        dateInputView(prefix, form.values, form.errors, rule),
      ]),
    );
    return reply.render(`plans/views/${page.template}`, {
      pageTitle: page.title,
      backLink: page.section.key === 'needs' || page.section.key === 'risks' ? `${home}/${page.section.key}` : home,
      personId,
      heading: page.title,
      section: page.section,
      name: edit.people.personName,
      isThePerson: edit.isThePerson,
      formAction: reply.request.url.split('?')[0],
      basedOn: form.basedOn,
      values: form.values,
      dates,
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
      plan: edit.content,
      need: context.need,
      goal: context.goal,
      action: context.action,
      people: edit.people,
      owners: ownerChoices(edit.people, context.action?.owner),
      onlySuggests: edit.onlySuggests,
      suggestions: edit.suggestions,
      labels: page.labels,
      goalStatuses: GOAL_STATUSES,
      actionStatuses: ACTION_STATUSES,
      ...page.view?.(context),
      flash:
        (reply.request.query as { suggested?: string }).suggested === '1'
          ? 'Your suggestion has been sent. It will be shown to the person, who decides whether to use it.'
          : suggestionAnsweredNotice(reply.request.query),
    });
  }

  /** Someone saved first: show what is saved now and what this editor typed, and save nothing. */
  async function conflictPage(
    request: FastifyRequest,
    reply: FastifyReply,
    personId: string,
    page: QuestionPage,
    opened: Opened,
    now: Date,
  ) {
    const fresh = await editing.forEditing(
      request.personData,
      personId,
      page.section,
      now,
      `Your care and support plan: ${page.section.title}, shown because a change could not be saved`,
    );
    return renderConflict(reply, 'plans/views/conflict.njk', {
      pageTitle: 'Someone else changed this plan',
      personId,
      name: opened.edit.people.personName,
      section: page.section,
      saved: fresh ? sectionRows(page.section, fresh.content) : [],
      typed: typedRows(page, (request.body ?? {}) as Record<string, unknown>, opened.context),
      retryHref: request.url.split('?')[0],
    });
  }

  return function registerPage(path: string, page: QuestionPage) {
    app.get(`/people/:personId/plan/${path}`, { preHandler: requireSignedIn }, async (request, reply) => {
      const personId = pathId(request, 'personId');
      const opened = await openPage(request, personId, page, new Date());
      if (!opened) return reply.redirect(planHome(personId), 303);
      if (opened.missing) throw notFound();
      return renderPage(reply, personId, page, opened, {
        values: page.values(opened.context),
        basedOn: opened.edit.number,
      });
    });

    app.post(`/people/:personId/plan/${path}`, { preHandler: requireSignedIn }, async (request, reply) => {
      const personId = pathId(request, 'personId');
      const now = new Date();
      const opened = await openPage(
        request,
        personId,
        page,
        now,
        `Your care and support plan: ${page.section.title}, checked before saving a change`,
      );
      if (!opened) return reply.redirect(planHome(personId), 303);
      const basedOn = basedOnFrom(request);
      if (opened.missing) {
        // Gone since the form was opened (someone else removed it): keep what was typed. Never in the plan: 404.
        if (basedOn > 0 && basedOn < opened.edit.number)
          return conflictPage(request, reply, personId, page, opened, now);
        throw notFound();
      }
      const schema = page.schema(opened.context);
      const form = checkForm(
        withDateFields(Object.keys(page.dates?.(opened.context.today) ?? {}), schema),
        request.body,
      );
      if (!form.ok)
        return renderPage(reply.code(400), personId, page, opened, {
          values: form.values,
          basedOn,
          errors: form.errors,
        });
      if (opened.edit.onlySuggests) {
        const body = (form.data as { body: string }).body;
        if (body) await editing.suggest(request.personData, personId, page.section, body, now);
        return reply.redirect(`${request.url.split('?')[0]}?suggested=1`, 303);
      }
      const summary = page.summary?.(form.data, opened.context);
      const outcome = await editing.save(
        request.personData,
        personId,
        page.section,
        basedOn,
        (plan) => page.apply(plan, form.data, { ...opened.context, plan }),
        now,
        summary,
      );
      if (outcome.outcome === 'saved') return reply.redirect(page.after(planHome(personId)), 303);
      return conflictPage(request, reply, personId, page, opened, now);
    });
  };
}
