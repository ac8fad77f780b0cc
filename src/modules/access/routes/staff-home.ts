import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../../services.ts';
import { isUuid } from '../../../ids.ts';
import { notFound } from '../../../web/errors.ts';
import { checkForm } from '../../../web/forms.ts';
import type { StaffActor } from '../../identity/actor.ts';
import { requireStaff } from '../../identity/session-hook.ts';
import type { StaffRole } from '../../identity/tables.ts';
import { formatNhsNumber, isValidNhsNumber, normaliseNhsNumber } from '../../people/index.ts';
import { ukDate } from '../../../dates.ts';
import { ROLE_PERMISSIONS } from '../policy.ts';

/** A guard to put after requireStaff: members of staff in any other role are told the page does not exist. */
export const onlyForRoles = (...roles: StaffRole[]) =>
  async (request: FastifyRequest): Promise<void> => {
    if (request.actor?.kind !== 'staff' || !roles.includes(request.actor.role)) throw notFound();
  };

const staffActor = (request: FastifyRequest): StaffActor => request.actor as StaffActor;

type DatePart = 'day' | 'month' | 'year';
const DATE_PARTS: DatePart[] = ['day', 'month', 'year'];
type DateProblem = { message: string; parts: DatePart[] };

/**
 * What is wrong with a typed date of birth, in the GOV.UK date-input way: the message, and which of
 * day, month and year to highlight. undefined when the date is real, in the past and plausible.
 */
export function dateOfBirthProblem(typed: Record<DatePart, string>, today: string): DateProblem | undefined {
  const missing = DATE_PARTS.filter((part) => typed[part] === '');
  if (missing.length === 3) return { message: 'Enter their date of birth', parts: DATE_PARTS };
  if (missing.length) return { message: `Date of birth must include a ${missing.join(' and ')}`, parts: missing };
  const notNumbers = DATE_PARTS.filter((part) => !/^\d+$/.test(typed[part]));
  if (notNumbers.length) return { message: 'Date of birth must be a real date, written in numbers', parts: notNumbers };
  if (typed.year.length !== 4) return { message: 'Year must include 4 numbers', parts: ['year'] };
  const [day, month, year] = [Number(typed.day), Number(typed.month), Number(typed.year)];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { message: 'Date of birth must be a real date', parts: DATE_PARTS };
  }
  const iso = date.toISOString().slice(0, 10);
  if (iso > today) return { message: 'Date of birth must be today or in the past', parts: DATE_PARTS };
  if (year < 1890) return { message: 'Date of birth must be in 1890 or later', parts: ['year'] };
  return undefined;
}

const typedDate = (values: Record<string, unknown>, prefix: string): Record<DatePart, string> => {
  const read = (part: DatePart) => (typeof values[`${prefix}-${part}`] === 'string' ? (values[`${prefix}-${part}`] as string).trim() : '');
  return { day: read('day'), month: read('month'), year: read('year') };
};

const text = z.string().trim().catch('');
const findForm = (today: string) =>
  z
    .object({ nhsNumber: text, 'dob-day': text, 'dob-month': text, 'dob-year': text })
    .superRefine((form, context) => {
      if (form.nhsNumber === '') context.addIssue({ code: 'custom', path: ['nhsNumber'], message: 'Enter their NHS number' });
      else if (!isValidNhsNumber(form.nhsNumber)) {
        context.addIssue({ code: 'custom', path: ['nhsNumber'], message: 'Enter a real NHS number: 10 digits, like 999 000 0018' });
      }
      const problem = dateOfBirthProblem(typedDate(form, 'dob'), today);
      if (problem) context.addIssue({ code: 'custom', path: [`dob-${problem.parts[0]}`], message: problem.message });
    })
    .transform((form) => ({
      nhsNumber: normaliseNhsNumber(form.nhsNumber),
      dateOfBirth: `${form['dob-year']}-${form['dob-month'].padStart(2, '0')}-${form['dob-day'].padStart(2, '0')}`,
    }));

export function registerStaffHomeRoutes(app: FastifyInstance, services: Services): void {
  const practitionersOnly = { preHandler: [requireStaff, onlyForRoles('practitioner')] };

  app.get('/staff', { preHandler: requireStaff }, async (request, reply) => {
    const actor = staffActor(request);
    const worksWithPeople = ROLE_PERMISSIONS[actor.role].read.includes('details');
    const [people, alerts, waitingForReview] = await Promise.all([
      worksWithPeople ? request.personData.listMyPeople() : Promise.resolve([]),
      request.personData.myAlerts(),
      actor.role === 'privacy_officer' ? request.personData.countEmergencyAccessWaitingForReview() : Promise.resolve(null),
    ]);
    return reply.render('access/views/staff-home.njk', {
      pageTitle: 'Your home', staff: actor, worksWithPeople, people, alerts, waitingForReview,
      canFindPeople: actor.role === 'practitioner',
    });
  });

  app.post('/staff/alerts/:personId/:alertId/read', { preHandler: requireStaff }, async (request, reply) => {
    const { personId, alertId } = request.params as { personId: string; alertId: string };
    if (!isUuid(personId) || !isUuid(alertId)) throw notFound();
    await request.personData.markAlertRead(personId, alertId);
    return reply.redirect('/staff', 303);
  });

  const renderFind = (reply: FastifyReply, status: number, context: Record<string, unknown>) =>
    reply.code(status).render('access/views/find-person.njk', { pageTitle: 'Find a person', values: {}, fieldErrors: {}, dobParts: [], ...context });

  // Searching is a POST so that NHS numbers and dates of birth never appear in a web address or a log.
  app.get('/staff/find', practitionersOnly, async (_request, reply) => renderFind(reply, 200, {}));

  app.post('/staff/find', practitionersOnly, async (request, reply) => {
    const today = ukDate(new Date());
    const form = checkForm(findForm(today), request.body);
    if (!form.ok) {
      return renderFind(reply, 400, {
        errors: form.errors.list, fieldErrors: form.errors.byField, values: form.values,
        dobParts: dateOfBirthProblem(typedDate(form.values, 'dob'), today)?.parts ?? [],
      });
    }
    const result = await request.personData.findByNhsNumber(form.data.nhsNumber, form.data.dateOfBirth);
    // Keep what was typed only when nothing matched, so it can be checked and corrected.
    return renderFind(reply, 200, {
      result: result.outcome === 'found' ? { ...result, nhsNumber: formatNhsNumber(result.nhsNumber) } : result,
      values: result.outcome === 'no-match' ? (request.body as Record<string, unknown>) : {},
    });
  });
}
