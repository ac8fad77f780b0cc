import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessService } from '../service.ts';
import { ukDate } from '../../../dates.ts';
import { AppError } from '../../../errors.ts';
import { checkForm, fieldError, type FormErrors } from '../../../web/forms.ts';
import { dateInputView } from '../../../web/date-field.ts';
import { dateOfBirthInput } from '../../../web/date-input.ts';
import { formText } from '../../../web/params.ts';
import { unlessRefused } from '../../../web/refusals.ts';
import { onlyFor, requireSignedIn } from '../../identity/index.ts';
import { fullName, NhsNumberInUse, registrationForm } from '../../people/index.ts';

/** The fields of the registration form, as the warning page carries them on in hidden fields. */
const FIELDS = [
  'given_name',
  'family_name',
  'preferred_name',
  'date_of_birth-day',
  'date_of_birth-month',
  'date_of_birth-year',
  'nhs_number',
  'address_line_1',
  'address_line_2',
  'town',
  'postcode',
  'phone',
  'email',
];

export function registerRegistrationRoutes(app: FastifyInstance, access: AccessService): void {
  // Citizens and staff whose role does not register people are told the page does not exist.
  const registrarsOnly = { preHandler: [requireSignedIn, onlyFor('registerPeople')] };

  const renderForm = (
    reply: FastifyReply,
    values: Record<string, unknown>,
    options: { errors?: FormErrors; nhsNumberInUse?: boolean } = {},
  ) =>
    reply.code(options.errors ? 400 : 200).render('access/views/register.njk', {
      pageTitle: 'Register a person',
      backLink: '/staff',
      values,
      dateOfBirth: dateInputView('date_of_birth', values, options.errors, dateOfBirthInput(ukDate(new Date()))),
      nhsNumberInUse: options.nhsNumberInUse,
      errors: options.errors?.list,
      fieldErrors: options.errors?.byField ?? {},
    });

  const typedValues = (request: FastifyRequest) =>
    Object.fromEntries(FIELDS.map((field) => [field, formText(request, field)]));

  app.get('/people/register', registrarsOnly, async (_request, reply) => renderForm(reply, {}));

  app.post('/people/register', registrarsOnly, async (request, reply) => {
    const values = typedValues(request);
    // From the warning page: back to the form, as typed, to change it.
    if (formText(request, 'confirm') === 'change') return renderForm(reply, values);
    const form = checkForm(registrationForm(ukDate(new Date())), request.body);
    if (!form.ok) return renderForm(reply, form.values, { errors: form.errors });
    // A registration that meets someone already registered says so, which a guesser could use to learn who is
    // known here: such answers count against the same limit as searches that find nobody.
    const attempt = { action: 'find_person' as const, accountId: request.actor!.id, clientKey: request.ip };
    const wait = await app.attemptLimits.minutesToWait(attempt);
    if (wait > 0) {
      const message = `You have entered too many details that match someone already registered. Wait ${wait === 1 ? '1 minute' : `${wait} minutes`}, then try again.`;
      return renderForm(reply, values, { errors: fieldError('nhs_number', message) });
    }
    const registering = () =>
      access.registration.register(
        request.personData,
        form.data,
        { differentPerson: formText(request, 'confirm') === 'different' },
        new Date(),
      );
    const result = await unlessRefused(registering, 'CW_REFUSED', (error) => error);
    if (result instanceof NhsNumberInUse) {
      await app.attemptLimits.record(attempt, false);
      return renderForm(reply, values, { errors: fieldError('nhs_number', result.message), nhsNumberInUse: true });
    }
    if (result instanceof AppError) throw result;
    await app.attemptLimits.record(attempt, result.outcome === 'registered');
    if (result.outcome === 'registered') return reply.redirect(`/people/${result.personId}?registered=1`, 303);
    return reply.render('access/views/register-duplicate.njk', {
      pageTitle: 'Someone with this name and date of birth is already registered',
      name: fullName(form.data),
      dateOfBirth: form.data.date_of_birth,
      hidden: FIELDS.map((field) => ({ name: field, value: values[field] })),
    });
  });
}
