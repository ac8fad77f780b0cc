import type { FastifyInstance } from 'fastify';
import { requireCitizen } from '../../identity/index.ts';
import type { AccessService } from '../service.ts';
import { notFound } from '../../../errors.ts';
import { pathId } from '../../../web/params.ts';

/** The signed-in person's home: the records their account may open, and any emergency use of their own. */
export function registerMyHomeRoutes(app: FastifyInstance, access: AccessService): void {
  app.get('/my', { preHandler: requireCitizen }, async (request, reply) => {
    const records = await access.recordsForAccount(request.personData, request.actor!.id, new Date());
    return reply.render('access/views/my-home.njk', {
      pageTitle: 'Your home',
      records,
      emergencyAccess: records.filter((record) => record.emergencyAccess.length),
      withNotices: records.filter((record) => record.notices.length),
      // A person who has just accepted their invitation lands here signed in.
      flash:
        (request.query as { welcome?: string }).welcome === '1'
          ? 'Your account is set up and you are signed in.'
          : (request.query as { seen?: string }).seen === '1'
            ? 'The notice is marked as seen.'
            : undefined,
    });
  });

  /** Marks a notice seen by this account: it no longer shows on their home page. */
  app.post('/my/notices/:personId/:noticeId', { preHandler: requireCitizen }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const noticeId = pathId(request, 'noticeId');
    const marked = await access.markNoticeSeen(request.personData, personId, noticeId, request.actor!.id, new Date());
    if (!marked) throw notFound();
    return reply.redirect('/my?seen=1', 303);
  });
}
