import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { pathId } from '../../../web/params.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { sectionPath, type PlanContent, type PlanSectionKey } from '../content.ts';
import type { PlanEditing } from '../editing-service.ts';
import { CONTINGENCY_LABELS } from './conflict-rows.ts';
import { dateAnswer, dateBoxes, dateRule, nameOf, ticked, withTrimmedLabels, words } from './fields.ts';
import { planHome, questionPages, section, type QuestionPage } from './question-page.ts';

// ---------- the question pages ----------

const textPage = (
  key: 'what-matters' | 'strengths' | 'funding',
  field: 'whatMatters' | 'strengths' | 'funding',
  max: number,
  hint: string,
): QuestionPage => ({
  section: section(key),
  template: 'section-text.njk',
  title: section(key).title,
  labels: { body: section(key).title },
  schema: () => z.object({ body: words(section(key).title, max) }),
  values: ({ plan }) => ({ body: plan[field], hint, maxLength: max }),
  apply: (plan, answer: { body: string }) => ({ ...plan, [field]: answer.body }),
  after: (base) => base,
});

const PAGES_DATES = {
  review: (today: string) => ({
    review_date: dateRule('The review date', today, { notPast: true, required: 'Enter the review date' }),
  }),
};

const PAGES: Record<string, QuestionPage> = {
  'what-matters': textPage(
    'what-matters',
    'whatMatters',
    4000,
    'What is important to you in your life, in your own words.',
  ),
  strengths: textPage(
    'strengths',
    'strengths',
    4000,
    'What you are good at, what you enjoy, and the people and places that already help you.',
  ),
  funding: textPage(
    'funding',
    'funding',
    2000,
    'For example, a personal budget from the council, NHS continuing healthcare, or paying for some things yourself.',
  ),

  contingency: {
    section: section('contingency'),
    template: 'section-contingency.njk',
    title: section('contingency').title,
    labels: CONTINGENCY_LABELS,
    schema: () => withTrimmedLabels(CONTINGENCY_LABELS, 2000),
    values: ({ plan }) => ({ ...plan.contingency }),
    apply: (plan, answer: PlanContent['contingency']) => ({ ...plan, contingency: answer }),
    after: (base) => base,
  },

  people: {
    section: section('people'),
    template: 'section-people.njk',
    title: section('people').title,
    labels: {
      careTeam: 'Care team members involved',
      circle: 'People in the circle of support involved',
      lead: 'Lead professional',
    },
    schema: ({ people }) =>
      z.object({
        careTeam: ticked(
          people.careTeam.map((member) => member.id),
          'Choose care team members from the list',
        ),
        circle: ticked(
          people.circle.map((member) => member.id),
          'Choose people from the list',
        ),
        lead: z
          .string()
          .default('')
          .refine(
            (id) => id === '' || people.careTeam.some((member) => member.id === id),
            'Choose the lead professional from the care team',
          ),
      }),
    values: ({ plan }) => ({
      careTeam: plan.involved.careTeamMemberIds,
      circle: plan.involved.circleMemberIds,
      lead: plan.leadProfessional?.careTeamMemberId ?? '',
    }),
    apply: (plan, answer: { careTeam: string[]; circle: string[]; lead: string }, { people }) => ({
      ...plan,
      involved: { careTeamMemberIds: answer.careTeam, circleMemberIds: answer.circle },
      leadProfessional: answer.lead ? { careTeamMemberId: answer.lead, name: nameOf(people, answer.lead) ?? '' } : null,
    }),
    after: (base) => base,
  },

  review: {
    section: section('review'),
    template: 'section-review.njk',
    title: section('review').title,
    dates: PAGES_DATES.review,
    labels: { review_date: 'Review date', responsible: 'Who is responsible for the review' },
    schema: ({ people, today }) =>
      z.object({
        review_date: dateAnswer(PAGES_DATES.review(today).review_date),
        responsible: z
          .string()
          .default('')
          .refine(
            (id) => id === '' || people.careTeam.some((member) => member.id === id),
            'Choose who is responsible from the care team',
          ),
      }),
    values: ({ plan }) => ({
      ...dateBoxes('review_date', plan.review.date),
      responsible: plan.review.responsibleCareTeamMemberId ?? '',
    }),
    apply: (plan, answer: { review_date: string; responsible: string }, { people }) => ({
      ...plan,
      review: {
        date: answer.review_date,
        responsibleCareTeamMemberId: answer.responsible || null,
        responsibleName: nameOf(people, answer.responsible) ?? '',
      },
    }),
    after: (base) => base,
  },
};

// ---------- routes ----------

export function registerEditingRoutes(app: FastifyInstance, editing: PlanEditing): void {
  app.get('/people/:personId/plan', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const page = await editing.home(request.personData, personId);
    const { suggested } = request.query as { suggested?: string };
    return reply.render('plans/views/home.njk', {
      pageTitle: page.isThePerson ? 'Your care and support plan' : `Care and support plan – ${page.name}`,
      backLink: `/people/${personId}`,
      personId,
      ...page,
      sections: page.current?.sections.map((section) => ({
        ...section,
        status: page.current!.tasks.find((task) => task.key === section.key)!.status,
        href: page.mayChange ? `${planHome(personId)}/${sectionPath(section.key)}` : undefined,
      })),
      flash: suggested === '1' ? 'Your suggestion has been sent.' : undefined,
    });
  });

  app.post('/people/:personId/plan/start', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    await editing.start(request.personData, personId, new Date());
    return reply.redirect(planHome(personId), 303);
  });

  const registerPage = questionPages(app, editing);
  for (const key of ['what-matters', 'strengths', 'contingency', 'people', 'review', 'funding'] as PlanSectionKey[])
    registerPage(sectionPath(key), PAGES[key]!);
}
