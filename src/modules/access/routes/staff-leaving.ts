import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessService } from '../service.ts';
import { pathId } from '../../../web/params.ts';
import { fieldError, type FormErrors } from '../../../web/forms.ts';
import { onlyFor, requireStaff } from '../../identity/index.ts';

/** "1 person's care team" or "3 people's care teams". */
const careTeams = (count: number): string => (count === 1 ? "1 person's care team" : `${count} people's care teams`);

/** A count from the address of the page a handover lands on; anything else is no count. */
const countFrom = (value: unknown): number | undefined =>
  typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : undefined;

/** What the administrator is told once someone is marked as left: counts only, never whose records. */
function handoverMessage(name: string, successor: string | undefined, handedOver: number, keptOpen: number): string {
  const sentences = [`${name}'s account is closed and they have been signed out.`];
  if (successor && handedOver) sentences.push(`${successor} has taken over their place in ${careTeams(handedOver)}.`);
  if (successor && keptOpen)
    sentences.push(
      `${successor} has joined ${careTeams(keptOpen)} too, but ${name}'s place there stays open, because the care and support plan still names them. ` +
        'The lead professional must give their actions to someone else; we have told them and the key worker.',
    );
  return sentences.join(' ');
}

/**
 * An organisation's administrator marks a member of their staff as leaving: their account closes, and their
 * care-team places go to a colleague. To anyone who does not manage staff, and for anyone else's staff, the
 * page does not exist.
 */
export function registerStaffLeavingRoutes(app: FastifyInstance, access: AccessService): void {
  const { leaving } = access;
  const administrators = { preHandler: [requireStaff, onlyFor('manageStaff')] };
  const memberPath = (staffId: string) => `/staff/organisation/staff/${staffId}`;
  const pathOf = (staffId: string) => `${memberPath(staffId)}/leave`;

  async function renderLeaving(
    request: FastifyRequest,
    reply: FastifyReply,
    staffId: string,
    options: { errors?: FormErrors; successor?: unknown; flash?: string } = {},
  ) {
    const page = await leaving.leaver(request.actor, staffId, new Date());
    const { member } = page;
    return reply.code(options.errors ? 400 : 200).render('access/views/staff-leaving.njk', {
      pageTitle: page.hasLeft ? `${member.display_name} has left` : `Mark ${member.display_name} as leaving`,
      ...page,
      action: pathOf(staffId),
      backLink: memberPath(staffId),
      memberPath: memberPath(staffId),
      placesText: careTeams(page.peopleCount),
      colleagueItems: page.colleagues.map((colleague) => ({
        value: colleague.id,
        text: colleague.display_name,
        hint: { text: colleague.job_title },
        checked: colleague.id === options.successor,
      })),
      errors: options.errors?.list,
      fieldErrors: options.errors?.byField ?? {},
      flash: options.flash,
    });
  }

  app.get('/staff/organisation/staff/:staffId/leave', administrators, async (request, reply) => {
    const staffId = pathId(request, 'staffId');
    const query = request.query as { handedOver?: string; keptOpen?: string; successor?: string };
    const [handedOver, keptOpen] = [countFrom(query.handedOver), countFrom(query.keptOpen)];
    const page = await leaving.leaver(request.actor, staffId, new Date());
    const successor = page.colleagues.find((colleague) => colleague.id === query.successor)?.display_name;
    const flash =
      page.hasLeft && handedOver !== undefined && keptOpen !== undefined
        ? handoverMessage(page.member.display_name, successor, handedOver, keptOpen)
        : undefined;
    return renderLeaving(request, reply, staffId, { flash });
  });

  app.post('/staff/organisation/staff/:staffId/leave', administrators, async (request, reply) => {
    const staffId = pathId(request, 'staffId');
    const now = new Date();
    const page = await leaving.leaver(request.actor, staffId, now);
    const typed = (request.body as { successor?: unknown } | undefined)?.successor;
    const successor = page.colleagues.find((colleague) => colleague.id === typed);
    const needsSuccessor = page.peopleCount > 0 && page.colleagues.length > 0;
    if (page.cannotMark || (needsSuccessor && !successor) || (page.hasLeft && !needsSuccessor)) {
      const problem =
        page.cannotMark ??
        (needsSuccessor
          ? `Choose who takes over ${page.member.display_name}'s places in care teams`
          : `${page.member.display_name} has already left`);
      return renderLeaving(request, reply, staffId, {
        errors: fieldError(page.cannotMark || !needsSuccessor ? 'leave' : 'successor', problem),
        successor: typed,
      });
    }
    const outcome = await leaving.markAsLeft(request.personData, staffId, successor?.id ?? null, now);
    const done = new URLSearchParams({
      handedOver: String(outcome.handedOver),
      keptOpen: String(outcome.keptOpen),
      ...(successor ? { successor: successor.id } : {}),
    });
    return reply.redirect(`${pathOf(staffId)}?${done.toString()}`, 303);
  });
}
