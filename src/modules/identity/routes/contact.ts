import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StaffActor } from '../../../data/actor.ts';
import { checkForm, type FormErrors } from '../../../web/forms.ts';
import { contactFormValues, workContact, type ContactDetails } from '../contact-details.ts';
import { contactChange, contactDetailsForm, dayItems } from './contact-form.ts';
import { requireStaff } from './session-hook.ts';

const PAGE = '/account/contact';

/** A member of staff's own contact details: how the people whose plans name them reach them at work. */
export function registerContactRoutes(app: FastifyInstance, contactDetails: ContactDetails): void {
  const actorOf = (request: FastifyRequest) => request.actor as StaffActor;

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    options: { values?: Record<string, unknown>; errors?: FormErrors; flash?: string } = {},
  ) {
    const row = await contactDetails.own(actorOf(request));
    const values = options.values ?? contactFormValues(row);
    return reply.code(options.errors ? 400 : 200).render('identity/views/contact.njk', {
      pageTitle: 'Your contact details',
      backLink: '/account/sessions',
      member: row,
      contact: workContact(row),
      values,
      days: dayItems(values.workingDays),
      errors: options.errors?.list,
      fieldErrors: options.errors?.byField ?? {},
      flash: options.flash,
    });
  }

  app.get(PAGE, { preHandler: requireStaff }, async (request, reply) => {
    const { saved } = request.query as { saved?: string };
    return render(request, reply, { flash: saved === '1' ? 'Your contact details have been saved.' : undefined });
  });

  app.post(PAGE, { preHandler: requireStaff }, async (request, reply) => {
    const form = checkForm(contactDetailsForm, request.body);
    if (!form.ok) return render(request, reply, { values: form.values, errors: form.errors });
    await contactDetails.changeOwn(actorOf(request), contactChange(form.data));
    return reply.redirect(`${PAGE}?saved=1`, 303);
  });
}
