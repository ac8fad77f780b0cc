import type { FastifyReply, FastifyRequest } from 'fastify';
import type { InvitationSent } from '../invitations.ts';

/**
 * The page after an invitation is made: it says whether it was e-mailed, or shows the one-time link for the
 * administrator to pass on when there is no mail server (or it failed). The link is never in an address or a log:
 * this page is the answer to the POST that made it, and is not stored by the browser (every page is no-store).
 */
export function renderInvitationSent(
  request: FastifyRequest,
  reply: FastifyReply,
  context: {
    pageTitle: string;
    flash: string;
    invitation: InvitationSent;
    name: string;
    email: string;
    next: { href: string; text: string };
  },
) {
  const { invitation } = context;
  const link = invitation.link.startsWith('/')
    ? `${request.protocol}://${request.host}${invitation.link}`
    : invitation.link;
  return reply.render('identity/views/invitation-sent.njk', {
    ...context,
    invitation: { ...invitation, link: invitation.emailed ? undefined : link },
  });
}
