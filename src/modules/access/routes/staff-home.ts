import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AccessService } from '../service.ts';
import { pathId } from '../../../web/params.ts';
import { checkForm, fieldError, type FormErrors } from '../../../web/forms.ts';
import { dateField, dateInputView, withDateFields } from '../../../web/date-field.ts';
import { dateOfBirthInput } from '../../../web/date-input.ts';
import type { StaffActor } from '../../../data/actor.ts';
import { mayDo, onlyFor, requireStaff } from '../../identity/index.ts';
import { formatNhsNumber, isValidNhsNumber, normaliseNhsNumber } from '../../people/index.ts';
import { ukDate } from '../../../dates.ts';
import { pageAsked, paginationView } from '../../../web/paging.ts';

const staffActor = (request: FastifyRequest): StaffActor => request.actor as StaffActor;

/** Shown once a new member of staff has accepted their invitation and lands here signed in. */
const WELCOME = 'Your account is set up and you are signed in.';

/** The date of birth on the find-a-person form, by the product's one date of birth rule. */
const findDateOfBirth = (today: string) => dateOfBirthInput(today, 'Enter their date of birth');

const text = z.string().trim().catch('');
const findForm = (today: string) =>
  withDateFields(
    ['dob'],
    z
      .object({
        nhsNumber: text.superRefine((typed, context) => {
          if (typed === '') context.addIssue({ code: 'custom', message: 'Enter their NHS number' });
          else if (!isValidNhsNumber(typed))
            context.addIssue({ code: 'custom', message: 'Enter a real NHS number: 10 digits, like 999 000 0018' });
        }),
        dob: dateField(findDateOfBirth(today)),
      })
      .transform((form) => ({ nhsNumber: normaliseNhsNumber(form.nhsNumber), dateOfBirth: form.dob })),
  );

export function registerStaffHomeRoutes(app: FastifyInstance, access: AccessService): void {
  const findersOnly = { preHandler: [requireStaff, onlyFor('findPeople')] };
  const { staffHome } = access;

  app.get('/staff', { preHandler: requireStaff }, async (request, reply) => {
    const actor = staffActor(request);
    const now = new Date();
    const worksWithPeople = staffHome.readsDetails(actor);
    // One after another: each is its own transaction, and the embedded database runs one at a time.
    const people = worksWithPeople
      ? await staffHome.myPeople(request.personData, actor, now, pageAsked(request))
      : undefined;
    const alerts = await staffHome.myAlerts(request.personData, actor);
    const waitingForReview = mayDo(actor, 'reviewEmergencyAccess')
      ? await access.emergency.countWaiting(request.personData)
      : null;
    return reply.render('access/views/staff-home.njk', {
      pageTitle: 'Your home',
      staff: actor,
      worksWithPeople,
      people: people?.items ?? [],
      peopleCount: people?.total ?? 0,
      peoplePage: people?.page,
      pagination: people && paginationView('/staff', people.page, 'Pages of people you work with'),
      alerts,
      waitingForReview,
      canFindPeople: mayDo(actor, 'findPeople'),
      flash: (request.query as { welcome?: string }).welcome === '1' ? WELCOME : undefined,
      canRegisterPeople: mayDo(actor, 'registerPeople'),
    });
  });

  app.post('/staff/alerts/:personId/:alertId/read', { preHandler: requireStaff }, async (request, reply) => {
    const [personId, alertId] = [pathId(request, 'personId'), pathId(request, 'alertId')];
    await staffHome.markAlertRead(staffActor(request), personId, alertId, new Date());
    return reply.redirect('/staff', 303);
  });

  const renderFind = (
    reply: FastifyReply,
    status: number,
    context: Record<string, unknown>,
    values: Record<string, unknown> = {},
    errors?: FormErrors,
  ) =>
    reply.code(status).render('access/views/find-person.njk', {
      pageTitle: 'Find a person',
      canRegisterPeople: mayDo(reply.request.actor, 'registerPeople'),
      values,
      dob: dateInputView('dob', values, errors, findDateOfBirth(ukDate(new Date()))),
      errors: errors?.list,
      fieldErrors: errors?.byField ?? {},
      ...context,
    });

  // Searching is a POST so that NHS numbers and dates of birth never appear in a web address or a log.
  app.get('/staff/find', findersOnly, async (_request, reply) => renderFind(reply, 200, {}));

  app.post('/staff/find', findersOnly, async (request, reply) => {
    const today = ukDate(new Date());
    const form = checkForm(findForm(today), request.body);
    if (!form.ok) {
      return renderFind(reply, 400, {}, form.values, form.errors);
    }
    // Searches that find nobody are limited per account and per client address, so records cannot be found by guessing.
    const attempt = { action: 'find_person' as const, accountId: request.actor!.id, clientKey: request.ip };
    const wait = await app.attemptLimits.minutesToWait(attempt);
    if (wait > 0) {
      const message = `You have searched too many times without finding anyone. Wait ${wait === 1 ? '1 minute' : `${wait} minutes`}, then try again.`;
      return renderFind(reply, 429, {}, request.body as Record<string, unknown>, fieldError('nhsNumber', message));
    }
    const result = await staffHome.findByNhsNumber(request.personData, form.data.nhsNumber, form.data.dateOfBirth);
    await app.attemptLimits.record(attempt, result.outcome !== 'no-match');
    // Keep what was typed only when nothing matched, so it can be checked and corrected.
    return renderFind(
      reply,
      200,
      { result: result.outcome === 'found' ? { ...result, nhsNumber: formatNhsNumber(result.nhsNumber) } : result },
      result.outcome === 'no-match' ? (request.body as Record<string, unknown>) : {},
    );
  });
}
