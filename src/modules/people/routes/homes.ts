import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../services.ts';
import type { AccessPart } from '../../access/index.ts';
import { requireCitizen, requireSignedIn } from '../../identity/session-hook.ts';
import { detailsForDisplay } from '../details-view.ts';
import { pathId } from '../../../web/params.ts';

/** The pages for each part of a record, in the order they are listed. Parts without a page yet are left out. */
const PART_PAGES: { part: AccessPart; path: string; title: string; description: string }[] = [
  { part: 'details', path: 'details', title: 'Details', description: 'Name, date of birth, NHS number, address, GP practice and language.' },
  { part: 'about_me', path: 'about-me', title: 'About me', description: 'What matters most and how to give support, in the person’s own words.' },
  { part: 'plan', path: 'plan', title: 'Care and support plan', description: 'What matters, goals and the actions agreed to reach them, the crisis plan, and when it will be reviewed.' },
  { part: 'contacts', path: 'contacts', title: 'Contacts and circle of support', description: 'Phone, email and address, and the family, friends, carers and advocates who give support.' },
  { part: 'care_team', path: 'care-team', title: 'Care team', description: 'The staff who give care and support, and where they work.' },
  { part: 'sharing', path: 'sharing', title: 'Sharing choices', description: 'Which people and organisations may see each part of this record.' },
  { part: 'access_log', path: 'access-log', title: 'Who has looked at this record', description: 'Each time someone saw or changed part of this record, and why.' },
];

/** The signed-in person's home, and the home page of each record. */
export function registerHomeRoutes(app: FastifyInstance, services: Services): void {
  const { people } = services;

  app.get('/my', { preHandler: requireCitizen }, async (request, reply) => {
    const records = await people.recordsForAccount(services.db, request.personData, request.actor!.id, new Date());
    return reply.render('people/views/my-home.njk', {
      pageTitle: 'Your home',
      records,
      emergencyAccess: records.filter((record) => record.emergencyAccess.length),
    });
  });

  app.get('/people/:personId', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const overview = await people.recordOverview(request.personData, personId);
    return reply.render('people/views/record-home.njk', {
      pageTitle: overview.name,
      personId,
      name: overview.name,
      details: overview.details && detailsForDisplay(overview.details),
      emergencyAccess: overview.emergencyAccess,
      pages: PART_PAGES.filter((page) => overview.parts.includes(page.part)).map((page) => ({ ...page, href: `/people/${personId}/${page.path}` })),
    });
  });
}
