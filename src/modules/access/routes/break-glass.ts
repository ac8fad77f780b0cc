import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AccessService } from '../service.ts';
import { notFound } from '../../../errors.ts';
import { checkForm, fieldError, type FormErrors } from '../../../web/forms.ts';
import { pathId } from '../../../web/params.ts';
import { onlyFor, requireStaff } from '../../identity/index.ts';
import { EMERGENCY_REASON_LENGTH, emergencyReason } from '../break-glass.ts';
import { reasonText } from '../../../text.ts';

const typedText = (value: unknown) => (typeof value === 'string' ? value : '');
const reasonForm = z.object({ reason: z.preprocess(typedText, emergencyReason) });
const reviewForm = z.object({
  note: z.preprocess(
    typedText,
    reasonText(1, 2000, {
      enter: 'Enter what you found when you checked this use of emergency access',
      tooLong: 'Your review note must be 2,000 characters or fewer',
    }),
  ),
});

export function registerBreakGlassRoutes(app: FastifyInstance, access: AccessService): void {
  const breakGlassOnly = { preHandler: [requireStaff, onlyFor('useEmergencyAccess')] };
  const privacyOfficersOnly = { preHandler: [requireStaff, onlyFor('reviewEmergencyAccess')] };

  const renderRequest = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    context: Record<string, unknown> = {},
  ) => {
    const personId = pathId(request, 'personId');
    const state = await access.emergency.status(request.personData, personId);
    if (!state) throw notFound();
    return reply.code(status).render('access/views/emergency-access.njk', {
      pageTitle: 'Emergency access to a record',
      personId,
      activeUntil: state.activeUntil,
      hours: access.emergency.hours,
      reasonLength: EMERGENCY_REASON_LENGTH,
      values: {},
      fieldErrors: {},
      backLink: '/staff/find',
      ...context,
    });
  };

  app.get('/people/:personId/emergency-access', breakGlassOnly, (request, reply) => renderRequest(request, reply, 200));

  app.post('/people/:personId/emergency-access', breakGlassOnly, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const form = checkForm(reasonForm, request.body);
    if (!form.ok)
      return renderRequest(request, reply, 400, {
        errors: form.errors.list,
        fieldErrors: form.errors.byField,
        values: form.values,
      });
    await access.emergency.request(request.personData, personId, form.data.reason);
    return reply.redirect(`/people/${personId}`, 303);
  });

  const renderReviews = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    context: { errors?: FormErrors; values?: Record<string, string>; grantId?: string } = {},
  ) => {
    const grants = await access.emergency.waitingForReview(request.personData);
    // A review sent for a grant that is not waiting (unknown, or reviewed already) has nowhere to show its errors.
    if (context.grantId && !grants.some((grant) => grant.grantId === context.grantId)) throw notFound();
    const { reviewed } = request.query as { reviewed?: string };
    return reply.code(status).render('access/views/privacy-review.njk', {
      pageTitle: 'Emergency access to review',
      grants,
      flash: reviewed === '1' && status === 200 ? 'Your review is saved.' : undefined,
      errors: context.errors?.list,
      fieldErrors: context.errors?.byField ?? {},
      values: context.values ?? {},
    });
  };

  app.get('/staff/privacy', privacyOfficersOnly, (request, reply) => renderReviews(request, reply, 200));

  app.post('/staff/privacy/:personId/:grantId/review', privacyOfficersOnly, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const grantId = pathId(request, 'grantId');
    const form = checkForm(reviewForm, request.body);
    if (!form.ok) {
      const field = `note-${grantId}`;
      return renderReviews(request, reply, 400, {
        grantId,
        errors: fieldError(field, form.errors.byField.note?.text ?? 'Enter your review note'),
        values: { [field]: typedText(form.values.note) },
      });
    }
    await access.emergency.review(request.personData, personId, grantId, form.data.note);
    return reply.redirect('/staff/privacy?reviewed=1', 303);
  });
}
