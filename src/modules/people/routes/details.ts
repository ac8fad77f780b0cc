import type { FastifyInstance, FastifyReply } from 'fastify';
import type { PeopleService } from '../service.ts';
import { checkForm, fieldError, type FormErrors } from '../../../web/forms.ts';
import { ukDate } from '../../../dates.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { dateInputView } from '../../../web/date-field.ts';
import { dateOfBirthInput } from '../../../web/date-input.ts';
import { detailsForm, detailsFormValues } from './details-form.ts';
import { detailsForDisplay } from '../details-view.ts';
import { NhsNumberInUse } from '../nhs-number-in-use.ts';
import type { AppError } from '../../../errors.ts';
import { formText, pathId } from '../../../web/params.ts';
import { renderConflict, unlessRefused } from '../../../web/refusals.ts';

export function registerDetailsRoutes(app: FastifyInstance, people: PeopleService): void {
  /** The edit form, first filled from what is saved, or again with what was typed and what is wrong with it. */
  async function renderForm(
    reply: FastifyReply,
    personId: string,
    form: { values: Record<string, unknown>; version: string; name?: string; errors?: FormErrors },
  ) {
    const today = ukDate(new Date());
    const practices = await people.gpPractices();
    return reply.render('people/views/details-edit.njk', {
      pageTitle: 'Change details',
      backLink: `/people/${personId}/details`,
      personId,
      name: form.name,
      values: form.values,
      version: form.version,
      dateOfBirth: dateInputView('date_of_birth', form.values, form.errors, dateOfBirthInput(today)),
      gpPractices: [
        { value: '', text: 'Not known' },
        ...practices.map((practice) => ({ value: practice.id, text: practice.name })),
      ],
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  app.get('/people/:personId/details', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const { name, details, mayChange } = await people.details.show(request.personData, personId);
    return reply.render('people/views/details.njk', {
      pageTitle: `Details – ${name}`,
      backLink: `/people/${personId}`,
      personId,
      name,
      details: detailsForDisplay(details),
      mayChange,
    });
  });

  app.get('/people/:personId/details/edit', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const saved = await people.details.forEditing(request.personData, personId);
    return renderForm(reply, personId, {
      values: detailsFormValues(saved),
      version: saved.version,
      name: detailsForDisplay(saved).name,
    });
  });

  app.post('/people/:personId/details/edit', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const practices = await people.gpPractices();
    const form = checkForm(
      detailsForm(
        practices.map((practice) => practice.id),
        ukDate(new Date()),
      ),
      request.body,
    );
    const version = formText(request, 'version');
    if (!form.ok) {
      // Say nothing about the form to someone who may not change this record, not even that it exists.
      await request.personData.check(personId, 'details', 'write', 'Your details');
      return renderForm(reply.code(400), personId, { values: form.values, version, errors: form.errors });
    }
    const saving = () => people.details.save(request.personData, personId, version, form.data);
    // Someone saved first. Show what is saved now and keep nothing from this form: it was built on old details.
    const conflictPage = async () => {
      const { name, details } = await people.details.show(
        request.personData,
        personId,
        'Your details, shown because a change could not be saved',
      );
      return renderConflict(reply, 'people/views/details-conflict.njk', {
        pageTitle: 'Someone else changed these details',
        personId,
        name,
        details: detailsForDisplay(details),
      });
    };
    // The NHS number is on someone else's record: the form again, saying so by the field, and nothing saved.
    const numberInUse = (error: AppError) =>
      error instanceof NhsNumberInUse
        ? renderForm(reply.code(400), personId, {
            values: request.body as Record<string, unknown>,
            version,
            errors: fieldError('nhs_number', error.message),
          })
        : Promise.reject(error);
    const saved = await unlessRefused(
      () => unlessRefused(saving, 'CW_CONFLICT', conflictPage),
      'CW_REFUSED',
      numberInUse,
    );
    if (typeof saved !== 'string') return saved;
    return reply.redirect(`/people/${personId}/details`, 303);
  });
}
