import type { FastifyInstance } from 'fastify';
import { requireCitizen } from '../../identity/index.ts';
import type { AccessService } from '../service.ts';

/** The signed-in person's home: the records their account may open, and any emergency use of their own. */
export function registerMyHomeRoutes(app: FastifyInstance, access: AccessService): void {
  app.get('/my', { preHandler: requireCitizen }, async (request, reply) => {
    const records = await access.recordsForAccount(request.personData, request.actor!.id, new Date());
    return reply.render('access/views/my-home.njk', {
      pageTitle: 'Your home',
      records,
      emergencyAccess: records.filter((record) => record.emergencyAccess.length),
    });
  });
}
