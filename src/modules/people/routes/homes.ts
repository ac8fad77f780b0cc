import type { FastifyInstance } from 'fastify';
import type { PeopleService } from '../service.ts';
import { PLAN_SECTION_PARTS, type AccessPart } from '../../../data/person-data.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { summaryForDisplay } from '../details-view.ts';
import { pathId } from '../../../web/params.ts';

/** The pages for each part of a record, in the order they are listed. Parts without a page yet are left out. */
const PART_PAGES: {
  part: AccessPart;
  /** Other parts that open the page too: a section of the plan shared on its own opens the plan's home. */
  alsoUnder?: readonly AccessPart[];
  path: string;
  title: string;
  description: string;
  staffOnly?: true;
}[] = [
  {
    part: 'details',
    path: 'details',
    title: 'Details',
    description: 'Name, date of birth, NHS number, address, GP practice and language.',
  },
  {
    part: 'about_me',
    path: 'about-me',
    title: 'About me',
    description: 'What matters most and how to give support, in the person’s own words.',
  },
  {
    part: 'plan',
    alsoUnder: PLAN_SECTION_PARTS,
    path: 'plan',
    title: 'Care and support plan',
    description:
      'What matters, goals and the actions agreed to reach them, the crisis plan, and when it will be reviewed.',
  },
  {
    part: 'budget',
    path: 'budget',
    title: 'Personal budget',
    description: 'The money for care and support from every funder, what it pays for and how it has been spent.',
  },
  {
    part: 'panel_case',
    path: 'panel',
    title: 'Panel',
    description: 'What was sent to a panel to agree the budget and support plan, and what the panel decided.',
  },
  {
    part: 'community_referral',
    path: 'referrals',
    title: 'Referrals to community support',
    description: 'Services in the community the person was referred to, what they share with each, and what happened.',
  },
  {
    part: 'notes',
    path: 'tasks',
    title: 'Tasks',
    description: 'What the team, the person and their circle have agreed to do, who is doing it and by when.',
  },
  {
    part: 'notes',
    path: 'episodes',
    title: 'Hospital stays and moves',
    description:
      'A stay in hospital or a move between home, hospital and a care home: each step, who is doing it and when.',
  },
  {
    part: 'notes',
    path: 'timeline',
    title: 'Timeline',
    description: 'What has happened: plan changes, tasks, referrals and notes, newest first.',
  },
  {
    part: 'contacts',
    path: 'contacts',
    title: 'Contacts and circle of support',
    description: 'Phone, email and address, and the family, friends, carers and advocates who give support.',
  },
  {
    part: 'messages',
    path: 'messages',
    title: 'Messages',
    description: 'Conversations with the care team, and with the people from the circle of support the person chooses.',
  },
  {
    part: 'care_team',
    path: 'care-team',
    title: 'Care team',
    description: 'The staff who give care and support, and where they work.',
  },
  {
    part: 'sharing',
    path: 'sharing',
    title: 'Sharing choices',
    description: 'Which people and organisations may see each part of this record.',
  },
  {
    part: 'access_log',
    path: 'access-log',
    title: 'Who has looked at this record',
    description: 'Each time someone saw or changed part of this record, and why.',
  },
  {
    part: 'details',
    path: 'accounts',
    title: 'Who can sign in',
    description: 'The person’s own account, and the accounts of people acting for them. Invite them here.',
    staffOnly: true,
  },
];

/** The home page of each record. (The signed-in person's own home is the access module's.) */
export function registerHomeRoutes(app: FastifyInstance, people: PeopleService): void {
  app.get('/people/:personId', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const overview = await people.recordOverview(request.personData, personId);
    return reply.render('people/views/record-home.njk', {
      pageTitle: overview.name,
      personId,
      name: overview.name,
      details: overview.details && summaryForDisplay(overview.details),
      emergencyAccess: overview.emergencyAccess,
      flash:
        (request.query as { registered?: string }).registered === '1' ? `You registered ${overview.name}.` : undefined,
      pages: PART_PAGES.filter(
        (page) =>
          [page.part, ...(page.alsoUnder ?? [])].some((part) => overview.parts.includes(part)) &&
          (!page.staffOnly || request.actor?.kind === 'staff') &&
          // Someone in the circle takes part in messages only when the person chooses them: the link would often
          // lead nowhere, so they reach their conversations from what they are sent instead.
          !(page.part === 'messages' && overview.purpose === 'circle'),
      ).map((page) => ({
        ...page,
        href: `/people/${personId}/${page.path}`,
      })),
    });
  });
}
