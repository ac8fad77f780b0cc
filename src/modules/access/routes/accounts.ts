import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AccessService } from '../service.ts';
import { AppError, notFound } from '../../../errors.ts';
import { checkForm, fieldError, type FormErrors } from '../../../web/forms.ts';
import { pathId } from '../../../web/params.ts';
import { unlessRefused } from '../../../web/refusals.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { requiredEmail } from '../../../web/text-fields.ts';

const inviteForm = z.object({ email: requiredEmail('Enter their email address') });

/** Inviting people to accounts is staff work: to anyone else, these pages do not exist. */
async function staffOnly(request: FastifyRequest): Promise<void> {
  if (request.actor?.kind !== 'staff') throw notFound();
}

export function registerAccountRoutes(app: FastifyInstance, access: AccessService): void {
  const { accounts } = access;
  const guard = { preHandler: [requireSignedIn, staffOnly] };
  const memberFrom = (request: FastifyRequest) =>
    (request.params as { memberId?: string }).memberId === undefined ? null : pathId(request, 'memberId');
  const invitePath = (personId: string, memberId: string | null) =>
    `/people/${personId}/accounts/invite${memberId ? `/${memberId}` : ''}`;

  app.get('/people/:personId/accounts', guard, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const page = await accounts.show(request.personData, personId, new Date());
    return reply.render('access/views/accounts.njk', {
      pageTitle: `Who can sign in – ${page.name}`,
      backLink: `/people/${personId}`,
      personId,
      ...page,
      flash: (request.query as { withdrawn?: string }).withdrawn === '1' ? 'The invitation is taken back.' : undefined,
    });
  });

  const renderInvite = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown> | undefined,
    errors?: FormErrors,
  ) => {
    const personId = pathId(request, 'personId');
    const memberId = memberFrom(request);
    const invitee = await accounts.invitee(request.personData, personId, memberId, new Date());
    const problem = errors ? undefined : invitee.problem;
    return reply.code(errors ? 400 : 200).render('access/views/account-invite.njk', {
      pageTitle: memberId ? `Invite ${invitee.name} to an account` : `Invite ${invitee.name} to their own account`,
      backLink: `/people/${personId}/accounts`,
      personId,
      action: invitePath(personId, memberId),
      forRepresentative: memberId !== null,
      ...invitee,
      problem,
      values: values ?? { email: invitee.email ?? '' },
      errors: errors?.list,
      fieldErrors: errors?.byField ?? {},
    });
  };

  const showForm = (request: FastifyRequest, reply: FastifyReply) => renderInvite(request, reply, undefined);
  app.get('/people/:personId/accounts/invite', guard, showForm);
  app.get('/people/:personId/accounts/invite/:memberId', guard, showForm);

  const invite = async (request: FastifyRequest, reply: FastifyReply) => {
    const personId = pathId(request, 'personId');
    const memberId = memberFrom(request);
    const form = checkForm(inviteForm, request.body);
    if (!form.ok) return renderInvite(request, reply, form.values, form.errors);
    const inviting = () => accounts.invite(request.personData, personId, memberId, form.data.email, new Date());
    const refusal = (error: AppError) => error;
    const invited = await unlessRefused(() => unlessRefused(inviting, 'CW_REFUSED', refusal), 'CW_CONFLICT', refusal);
    // A rule said no (they may not act for the person, or the address cannot be linked here): the form again, saying why.
    if (invited instanceof AppError)
      return renderInvite(request, reply, { email: form.data.email }, fieldError('email', invited.message));
    return reply.render('access/views/account-invited.njk', {
      pageTitle: `${invited.name} is invited`,
      personId,
      ...invited,
      flash: invited.sent.existingAccount
        ? `${invited.name} already has an account. It now opens this record too.`
        : `You invited ${invited.name} to an account.`,
    });
  };
  app.post('/people/:personId/accounts/invite', guard, invite);
  app.post('/people/:personId/accounts/invite/:memberId', guard, invite);

  app.post('/people/:personId/accounts/:accountId/resend', guard, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const accountId = pathId(request, 'accountId');
    const sent = await accounts.resend(request.personData, personId, accountId, new Date());
    return reply.render('access/views/account-invited.njk', {
      pageTitle: `${sent.name} has a new link`,
      personId,
      ...sent,
      sent: { existingAccount: false, ...sent.sent },
      flash: `You sent ${sent.name} a new link. The old one no longer works.`,
    });
  });

  app.post('/people/:personId/accounts/:accountId/withdraw', guard, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const accountId = pathId(request, 'accountId');
    await accounts.withdraw(request.personData, personId, accountId, new Date());
    return reply.redirect(`/people/${personId}/accounts?withdrawn=1`, 303);
  });
}
