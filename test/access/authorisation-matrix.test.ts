// The authorisation matrix: every person route and every care-and-support-plan route, for every staff
// role, with and without a care-team place, with the person's sharing given or withheld, with and without
// an emergency grant; and for each kind of signed-in person. Each cell asserts the answer (allowed, or 404,
// or the status a rule of the plan itself gives) and that the access log gained a row for it. The expected
// answers are written out here from the rules in DESIGN.md, not computed by the code under test.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hashPassword } from '../../src/modules/identity/credentials.ts';
import type { StaffRole } from '../../src/data/actor.ts';
import { newId } from '../../src/ids.ts';
import { DEMO_PASSWORD, DEMO_TOTP } from '../../src/seed/demo.ts';
import type { PlanContent } from '../../src/modules/plans/content.ts';
import { startTestApp, TestClient, visibleText, type Page, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { addPlanAction, capacityAnswers, planWithGoal, savePlanPage } from '../support/plan-builder.ts';

const RECORD = ['details', 'about_me', 'contacts', 'plan', 'budget', 'notes'];
const ROLES: StaffRole[] = [
  'practitioner',
  'manager',
  'panel_member',
  'privacy_officer',
  'administrator',
  'platform_administrator',
  'directory_keeper',
];

/** What each role may read and write at all (DESIGN.md, Access; the panel and managers see plans and money, not contacts). */
const ROLE_READS: Record<StaffRole, string[]> = {
  practitioner: [...RECORD, 'care_team', 'panel_case', 'messages', 'community_referral'],
  manager: ['details', 'plan', 'budget', 'care_team'],
  panel_member: ['details', 'plan', 'budget', 'panel_case'],
  privacy_officer: ['access_log'],
  administrator: [],
  platform_administrator: [],
  directory_keeper: [],
};
const ROLE_WRITES: Record<StaffRole, string[]> = {
  practitioner: [...RECORD, 'care_team', 'sharing', 'panel_case', 'messages', 'community_referral'],
  manager: ['care_team'],
  panel_member: ['panel_case'],
  privacy_officer: [],
  administrator: [],
  platform_administrator: [],
  directory_keeper: [],
};

type StaffCell = { role: StaffRole; inTeam: boolean; shared: boolean; emergency: boolean };

function staffMay(cell: StaffCell, part: string, action: 'read' | 'write'): boolean {
  if (!(action === 'read' ? ROLE_READS : ROLE_WRITES)[cell.role].includes(part)) return false;
  if (cell.role === 'privacy_officer') return true;
  // What was sent to a panel copies the budget: the team reach it as they reach the budget. (A panel member outside
  // the team reaches it only while a case is open to their panel: test/panel/panel.test.ts.) Referrals to community
  // services copy from the plan: the team reach them as they reach the plan (the service: test/directory/referrals*).
  const sharedAs = part === 'panel_case' ? 'budget' : part === 'community_referral' ? 'plan' : part;
  if (cell.inTeam && (cell.shared || !RECORD.includes(sharedAs))) return true;
  // A manager reaches the care team of anyone their organisation has a place for: every matrix account works for
  // the council, which holds places in the team (who-may-change.ts, rule 4).
  if (cell.role === 'manager' && part === 'care_team') return true;
  // Emergency access reads the record, never the conversations in messages.
  return action === 'read' && cell.emergency && cell.role === 'practitioner' && part !== 'messages';
}

type Route = {
  name: string;
  method: 'GET' | 'POST';
  path: (personId: string) => string;
  part: string;
  action: 'read' | 'write';
  form?: Record<string, string>;
  okStatus: number;
  /** For a page that changes something: the answer to someone who may read `readPart` but not make the change. */
  readOnly?: { readPart: string; status: number };
};

/** Every person route a member of staff may reach, with the part it needs. */
const STAFF_ROUTES: Route[] = [
  {
    name: 'details',
    method: 'GET',
    path: (id) => `/people/${id}/details`,
    part: 'details',
    action: 'read',
    okStatus: 200,
  },
  {
    name: 'about me',
    method: 'GET',
    path: (id) => `/people/${id}/about-me`,
    part: 'about_me',
    action: 'read',
    okStatus: 200,
  },
  {
    name: 'contacts',
    method: 'GET',
    path: (id) => `/people/${id}/contacts`,
    part: 'contacts',
    action: 'read',
    okStatus: 200,
  },
  {
    name: 'care team',
    method: 'GET',
    path: (id) => `/people/${id}/care-team`,
    part: 'care_team',
    action: 'read',
    okStatus: 200,
  },
  {
    name: 'access log',
    method: 'GET',
    path: (id) => `/people/${id}/access-log`,
    part: 'access_log',
    action: 'read',
    okStatus: 200,
  },
  {
    name: 'record sharing',
    method: 'GET',
    path: (id) => `/people/${id}/sharing/record`,
    part: 'sharing',
    action: 'write',
    okStatus: 200,
  },
  {
    name: 'personal budget',
    method: 'GET',
    path: (id) => `/people/${id}/budget`,
    part: 'budget',
    action: 'read',
    okStatus: 200,
  },
  {
    name: 'add funding (no budget yet: on to start one)',
    method: 'GET',
    path: (id) => `/people/${id}/budget/funding/add`,
    part: 'budget',
    action: 'write',
    okStatus: 303,
    readOnly: { readPart: 'budget', status: 403 },
  },
  {
    name: 'indicative amount',
    method: 'GET',
    path: (id) => `/people/${id}/budget/allocation`,
    part: 'budget',
    action: 'read',
    okStatus: 200,
  },
  {
    name: 'allocation questionnaire',
    method: 'GET',
    path: (id) => `/people/${id}/budget/allocation/questions`,
    part: 'budget',
    action: 'write',
    okStatus: 200,
    readOnly: { readPart: 'budget', status: 403 },
  },
  {
    name: 'panel cases',
    method: 'GET',
    path: (id) => `/people/${id}/panel`,
    part: 'panel_case',
    action: 'read',
    okStatus: 200,
  },
  {
    name: 'send to a panel',
    method: 'GET',
    path: (id) => `/people/${id}/panel/send`,
    part: 'budget',
    action: 'write',
    okStatus: 200,
    readOnly: { readPart: 'panel_case', status: 403 },
  },
  {
    name: 'referrals to community support',
    method: 'GET',
    path: (id) => `/people/${id}/referrals`,
    part: 'community_referral',
    action: 'read',
    okStatus: 200,
  },
  {
    name: 'hospital stays and moves',
    method: 'GET',
    path: (id) => `/people/${id}/episodes`,
    part: 'notes',
    action: 'read',
    okStatus: 200,
  },
  {
    name: 'messages',
    method: 'GET',
    path: (id) => `/people/${id}/messages`,
    part: 'messages',
    action: 'read',
    okStatus: 200,
  },
  {
    name: 'the care team’s conversation',
    method: 'GET',
    path: (id) => `/people/${id}/messages/team`,
    part: 'messages',
    action: 'read',
    okStatus: 200,
  },
  {
    name: 'write in the care team’s conversation',
    method: 'POST',
    path: (id) => `/people/${id}/messages/team`,
    part: 'messages',
    action: 'write',
    form: { text: 'Written by the matrix.' },
    okStatus: 303,
  },
  // Only the person, or someone acting for them, chooses who takes part: the team get 403, inside the record's scope.
  {
    name: 'who takes part in messages',
    method: 'GET',
    path: (id) => `/people/${id}/messages/people`,
    part: 'messages',
    action: 'read',
    okStatus: 403,
  },
  {
    name: 'edit about me',
    method: 'POST',
    path: (id) => `/people/${id}/about-me/please_do`,
    part: 'about_me',
    action: 'write',
    form: { body: 'Please ring the bell twice.' },
    okStatus: 303,
  },
  {
    name: 'add to circle',
    method: 'POST',
    path: (id) => `/people/${id}/contacts/add`,
    part: 'contacts',
    action: 'write',
    okStatus: 303,
    form: { name: 'Jo Example', relationship: 'Cousin', kind: 'family', may_act_for_person: 'no' },
  },
];

// ---------- the care and support plan ----------

/** The plan as it is now, for building each request: ids in paths are real, and forms are based on the current version. */
type PlanNow = {
  number: number;
  content: PlanContent;
  pending: Record<'what-matters' | 'strengths', string[]>;
  leadPlaceId: string;
};
type Form = Record<string, string | string[]>;

/** One plan route. `path` is under /people/:id/plan. */
type PlanRoute = {
  name: string;
  method: 'GET' | 'POST';
  action: 'read' | 'write';
  path: (plan: PlanNow) => string;
  form?: (plan: PlanNow) => Form;
  okStatus: number;
  /** What a member of staff who may change the plan gets where a rule of the plan itself says no (given whether they are its lead professional). */
  staffWriter?: (isLead: boolean) => number;
  /** Staff's work only (recording a review): anyone else who may change the plan gets 403. */
  staffOnly?: true;
  /** What a representative whose authority has ended, and who may still read the plan, gets where the page says why they cannot. */
  authorityEnded?: number;
  /** "Use these words" or "Not now" on a suggestion. */
  answersSuggestion?: true;
  /** The one plan page a section of the plan shared on its own opens (showing only that section). */
  opensWithASection?: true;
};

const MISSING = '0190a5b0-0000-7000-8000-00000000abcd';
/** A review date inside the 28 days the lead professional's list of reviews due looks ahead. */
const REVIEW_DUE = new Date(Date.now() + 14 * 86_400_000);
const dateBoxes = (prefix: string, date: Date): Form => ({
  [`${prefix}-day`]: String(date.getUTCDate()),
  [`${prefix}-month`]: String(date.getUTCMonth() + 1),
  [`${prefix}-year`]: String(date.getUTCFullYear()),
});
const based = (plan: PlanNow): Form => ({ based_on: String(plan.number) });
const firstNeed = (plan: PlanNow) => plan.content.needs[0]!;
const firstGoal = (plan: PlanNow) => firstNeed(plan).goals[0]!;
const goalPath = (plan: PlanNow) => `/needs/${firstNeed(plan).id}/goals/${firstGoal(plan).id}`;
const RISK: Form = {
  risk: 'Going to the shops alone',
  gains: 'Independence',
  couldGoWrong: 'A fall',
  safeguards: 'A phone',
  personView: 'I want to',
  agreedBy: 'Robin and the team',
};

/** A question page: its form (GET) and saving it (POST, based on the current version). Both need part 'plan' write. */
const questionPage = (name: string, path: (plan: PlanNow) => string, form: (plan: PlanNow) => Form): PlanRoute[] => [
  { name: `${name} (form)`, method: 'GET', action: 'write', path, okStatus: 200 },
  { name, method: 'POST', action: 'write', path, form: (plan) => ({ ...based(plan), ...form(plan) }), okStatus: 303 },
];

/** "Use these words" and "Not now" for the oldest unanswered suggestion in one of the person's own sections. */
const answerSuggestion = (section: 'what-matters' | 'strengths'): PlanRoute[] => {
  const path = (answer: string) => (plan: PlanNow) =>
    `/${section}/suggestions/${plan.pending[section][0] ?? MISSING}/${answer}`;
  // Only the person, or someone with authority to act for them, answers a suggestion: staff who may write the plan get 403.
  return [
    {
      name: `use a suggestion for ${section}`,
      method: 'POST',
      action: 'write',
      path: path('accept'),
      form: based,
      okStatus: 303,
      staffWriter: () => 403,
      answersSuggestion: true,
    },
    {
      name: `decline a suggestion for ${section}`,
      method: 'POST',
      action: 'write',
      path: path('decline'),
      form: () => ({}),
      okStatus: 303,
      staffWriter: () => 403,
      answersSuggestion: true,
    },
  ];
};

/**
 * Every plan route, in an order that keeps the shared plan valid: each cell that may write adds a need, goal,
 * action and positive-risk decision before the remove pages take the last one away, so the first of each stays
 * and the plan stays ready to agree (a lead professional, a review date, a need with a goal).
 */
const PLAN_ROUTES: PlanRoute[] = [
  { name: 'plan home', method: 'GET', action: 'read', path: () => '', okStatus: 200, opensWithASection: true },
  { name: 'start the plan', method: 'POST', action: 'write', path: () => '/start', form: () => ({}), okStatus: 303 },
  // Staff saving the person's own sections send a suggestion (303 too); the person's words are saved as a new version.
  ...questionPage(
    'what matters',
    () => '/what-matters',
    () => ({ body: 'Sunday lunch with my family.' }),
  ),
  ...questionPage(
    'strengths',
    () => '/strengths',
    () => ({ body: 'I am a good cook.' }),
  ),
  ...questionPage(
    'contingency',
    () => '/contingency',
    () => ({ triggers: 'A fall', whatShouldHappen: 'Call my daughter' }),
  ),
  ...questionPage(
    'who is involved',
    () => '/people',
    (plan) => ({ careTeam: plan.leadPlaceId, lead: plan.leadPlaceId }),
  ),
  ...questionPage(
    'review date',
    () => '/review-date',
    (plan) => ({ ...dateBoxes('review_date', REVIEW_DUE), responsible: plan.leadPlaceId }),
  ),
  ...questionPage(
    'funding',
    () => '/funding',
    () => ({ body: 'A personal budget from the council.' }),
  ),
  ...questionPage(
    'positive-risk decisions, add one',
    () => '/risks',
    () => RISK,
  ),
  ...questionPage(
    'change a positive-risk decision',
    (plan) => `/risks/${plan.content.riskDecisions[0]!.id}/change`,
    () => ({ ...RISK, safeguards: 'A phone and a friend' }),
  ),
  ...questionPage(
    'remove a positive-risk decision',
    (plan) => `/risks/${plan.content.riskDecisions.at(-1)!.id}/remove`,
    () => ({}),
  ),
  { name: 'needs, goals and actions', method: 'GET', action: 'write', path: () => '/needs', okStatus: 200 },
  ...questionPage(
    'add a need',
    () => '/needs/add',
    () => ({ description: 'Help with shopping' }),
  ),
  ...questionPage(
    'change a need',
    (plan) => `/needs/${firstNeed(plan).id}/change`,
    () => ({ description: 'Getting out and about, changed' }),
  ),
  ...questionPage(
    'add a goal',
    (plan) => `/needs/${firstNeed(plan).id}/goals/add`,
    () => ({ inOwnWords: 'Go to the market', importance: '6', status: 'not_started' }),
  ),
  ...questionPage(
    'change a goal',
    (plan) => `${goalPath(plan)}/change`,
    () => ({ inOwnWords: 'Go to the park', importance: '8', status: 'in_progress', outcomes: 'Went twice' }),
  ),
  ...questionPage(
    'add an action',
    (plan) => `${goalPath(plan)}/actions/add`,
    () => ({ what: 'Buy a bus pass', owner: 'person', status: 'not_started' }),
  ),
  ...questionPage(
    'change an action',
    (plan) => `${goalPath(plan)}/actions/${firstGoal(plan).actions[0]!.id}/change`,
    () => ({ what: 'Find the bus times', owner: 'person', status: 'in_progress', confidence: '7' }),
  ),
  ...questionPage(
    'remove an action',
    (plan) => `${goalPath(plan)}/actions/${firstGoal(plan).actions.at(-1)!.id}/remove`,
    () => ({}),
  ),
  ...questionPage(
    'remove a goal',
    (plan) => `/needs/${firstNeed(plan).id}/goals/${firstNeed(plan).goals.at(-1)!.id}/remove`,
    () => ({}),
  ),
  ...questionPage(
    'remove a need',
    (plan) => `/needs/${plan.content.needs.at(-1)!.id}/remove`,
    () => ({}),
  ),
  ...answerSuggestion('what-matters'),
  ...answerSuggestion('strengths'),
  { name: 'check the plan', method: 'GET', action: 'read', path: () => '/check', okStatus: 200 },
  // Staff agree for the team only as the lead professional (else the check page with the reason, 400). A representative
  // whose authority has ended is told so (400) when they can still see the plan.
  {
    name: 'agree the plan',
    method: 'POST',
    action: 'write',
    path: () => '/agree',
    // A representative agrees for the person only with the facts of a capacity assessment; others' are not asked.
    form: (plan) => ({ version: String(plan.number), ...capacityAnswers() }),
    okStatus: 303,
    staffWriter: (isLead) => (isLead ? 303 : 400),
    authorityEnded: 400,
  },
  { name: 'who has agreed', method: 'GET', action: 'read', path: () => '/agreed', okStatus: 200 },
  { name: 'versions', method: 'GET', action: 'read', path: () => '/versions', okStatus: 200 },
  {
    name: 'compare versions',
    method: 'GET',
    action: 'read',
    path: (plan) => `/versions/compare?from=1&to=${plan.number}`,
    okStatus: 200,
  },
  { name: 'comments', method: 'GET', action: 'read', path: () => '/comments', okStatus: 200 },
  {
    name: 'add a comment',
    method: 'POST',
    action: 'write',
    path: () => '/comments',
    form: () => ({ section: 'needs', body: 'Can we talk about the bus?' }),
    okStatus: 303,
  },
  {
    name: 'record a review (form)',
    method: 'GET',
    action: 'write',
    path: () => '/review',
    okStatus: 200,
    staffOnly: true,
  },
  {
    name: 'record a review',
    method: 'POST',
    action: 'write',
    staffOnly: true,
    path: () => '/review',
    form: () => ({ achieved: 'Out twice a week.', ...dateBoxes('nextReview', REVIEW_DUE) }),
    okStatus: 303,
  },
  { name: 'print', method: 'GET', action: 'read', path: () => '/print', okStatus: 200 },
  { name: 'PDF', method: 'GET', action: 'read', path: () => '/pdf', okStatus: 200 },
  { name: 'easy read', method: 'GET', action: 'read', path: () => '/easy-read', okStatus: 200 },
];

/** Who is asking, as the plan's rules see them; `section`: a section of the plan is shared with them on its own. */
type PlanActor = {
  read: boolean;
  write: boolean;
  staff: boolean;
  isLead: boolean;
  authorityEnded: boolean;
  section?: boolean;
};

/**
 * The answer the rules give: reading needs 'plan' read, changing needs 'plan' write; a section shared on its own
 * opens the plan home only; anything else, 404.
 */
function expectedPlanStatus(route: PlanRoute, who: PlanActor): number {
  if (route.action === 'read') return who.read || (who.section && route.opensWithASection) ? route.okStatus : 404;
  // Recording a review is the care team's work: the person and those acting for them may change the plan, not review it.
  if (who.write && !who.staff && route.staffOnly) return 403;
  if (who.write) return who.staff && route.staffWriter ? route.staffWriter(who.isLead) : route.okStatus;
  if (who.authorityEnded && who.read && route.authorityEnded) return route.authorityEnded;
  return 404;
}

/** The page's heading, to say what an unexpected answer was. */
const headingOf = (page: Page) => visibleText(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(page.text)?.[1] ?? '').slice(0, 120);

async function logRows(app: TestApp, personId: string, actorId: string): Promise<number> {
  const row = await app.db
    .selectFrom('access_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('person_id', '=', personId)
    .where('actor_id', '=', actorId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The signed-in people of the citizen tests. */
type CitizenCell = {
  label: string;
  link: 'self' | 'circle_member' | null;
  mayAct?: boolean;
  authorityUntil?: string | null;
  shared?: boolean;
  /** Sections of the plan shared with them on their own. */
  sections?: string[];
};
const CITIZEN_CELLS: CitizenCell[] = [
  { label: 'the person', link: 'self' },
  { label: 'a representative', link: 'circle_member', mayAct: true, authorityUntil: null },
  {
    label: 'a representative whose authority ended',
    link: 'circle_member',
    mayAct: true,
    authorityUntil: '2020-01-01',
    shared: false,
  },
  {
    label: 'a representative whose authority ended, the person still sharing with them',
    link: 'circle_member',
    mayAct: true,
    authorityUntil: '2020-01-01',
    shared: true,
  },
  { label: 'a circle member the person shares with', link: 'circle_member', mayAct: false, shared: true },
  { label: 'a circle member the person does not share with', link: 'circle_member', mayAct: false, shared: false },
  {
    label: 'a circle member the person shares only the crisis plan with',
    link: 'circle_member',
    mayAct: false,
    shared: false,
    sections: ['plan_crisis'],
  },
  { label: 'someone unconnected', link: null },
];
/** The person themselves, or a representative whose authority is current: everything, read and write. */
const citizenHasFullAccess = (cell: CitizenCell) =>
  cell.link === 'self' || Boolean(cell.mayAct && cell.authorityUntil === null);

describe(`authorisation matrix (${testBackend()})`, () => {
  let app: TestApp;
  const personId = newId();
  const staffCells: (StaffCell & { id: string; email: string; placeId: string | null })[] = [];
  /** Each role, in the team or not, with nothing shared but the crisis plan on its own. */
  const sectionCells: (StaffCell & { id: string; email: string })[] = [];
  const citizens: (CitizenCell & { id: string; email: string })[] = [];
  const clients = new Map<string, TestClient>();
  /** The plan's lead professional: the practitioner in the care team, with everything shared, and no emergency grant. */
  const isLead = (cell: StaffCell) => cell.role === 'practitioner' && cell.inTeam && cell.shared && !cell.emergency;

  /** One signed-in client for each account, kept for the whole file: signing in is the slowest step. */
  async function clientFor(email: string): Promise<TestClient> {
    let client = clients.get(email);
    if (!client) {
      client = new TestClient(app.baseUrl);
      await client.signIn(email);
      clients.set(email, client);
    }
    return client;
  }

  before(async () => {
    app = await startTestApp();
    const organisationId = app.ids.organisations.council!;
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const now = new Date();
    await app.db
      .insertInto('person')
      .values({
        person_id: personId,
        given_name: 'Robin',
        family_name: 'Matrix',
        preferred_name: null,
        date_of_birth: '1960-06-15',
        nhs_number: '9990000050',
        address_line_1: '1 Test Street',
        address_line_2: null,
        town: 'Northbridge',
        postcode: 'NB1 1AA',
        phone: null,
        email: null,
        gp_practice_id: null,
        communication_needs: null,
      })
      .execute();
    /** A matrix account of `role`, with a care-team place when `inTeam`, and the person's choices about them. */
    async function addStaffAccount(role: StaffRole, inTeam: boolean, email: string, choices: [string, boolean][]) {
      const id = newId();
      const placeId = inTeam ? newId() : null;
      await app.db
        .insertInto('staff_account')
        .values({
          id,
          organisation_id: organisationId,
          email,
          display_name: `Matrix ${role}`,
          job_title: role,
          role,
          password_hash: passwordHash,
          totp_secret: DEMO_TOTP,
          disabled_at: null,
        })
        .execute();
      if (placeId) {
        await app.db
          .insertInto('care_team_member')
          .values({
            person_id: personId,
            id: placeId,
            staff_account_id: id,
            organisation_id: organisationId,
            team_role: role,
            is_key_worker: false,
            from_date: '2026-01-01',
            until_date: null,
          })
          .execute();
      }
      await app.db
        .insertInto('sharing_choice')
        .values(
          choices.map(([part, share]) => ({
            person_id: personId,
            id: newId(),
            part: part as never,
            audience_kind: 'staff' as const,
            audience_id: id,
            decision: share ? ('share' as const) : ('withhold' as const),
            until_date: null,
            made_by_kind: 'system' as const,
            made_by_id: null,
            made_by_name: 'Matrix set-up',
            made_at: now,
          })),
        )
        .execute();
      return { id, placeId };
    }
    for (const role of ROLES)
      for (const inTeam of [true, false]) {
        for (const shared of [true, false])
          for (const emergency of [true, false]) {
            const email = `${role}.${inTeam ? 'team' : 'none'}.${shared ? 'shared' : 'withheld'}.${emergency ? 'glass' : 'plain'}@matrix.example.org`;
            const { id, placeId } = await addStaffAccount(
              role,
              inTeam,
              email,
              RECORD.map((part) => [part, shared]),
            );
            staffCells.push({ role, inTeam, shared, emergency, id, email, placeId });
            if (emergency) {
              await app.db
                .insertInto('break_glass_grant')
                .values({
                  person_id: personId,
                  id: newId(),
                  staff_account_id: id,
                  organisation_id: organisationId,
                  reason: 'A test of emergency access in the matrix',
                  granted_at: now,
                  expires_at: new Date(now.getTime() + 3_600_000),
                  reviewed_at: null,
                  reviewed_by: null,
                  review_note: null,
                })
                .execute();
            }
          }
        const email = `${role}.${inTeam ? 'team' : 'none'}.crisis-plan@matrix.example.org`;
        const { id } = await addStaffAccount(role, inTeam, email, [
          ...RECORD.map((part): [string, boolean] => [part, false]),
          ['plan_crisis', true],
        ]);
        sectionCells.push({ role, inTeam, shared: false, emergency: false, id, email });
      }
    for (const [index, cell] of CITIZEN_CELLS.entries()) {
      const accountId = newId();
      const email = `citizen.${index}@matrix.example.org`;
      citizens.push({ ...cell, id: accountId, email });
      await app.db
        .insertInto('person_account')
        .values({
          id: accountId,
          email,
          display_name: `Matrix citizen ${index}`,
          password_hash: passwordHash,
          disabled_at: null,
        })
        .execute();
      if (!cell.link) continue;
      const circleId = cell.link === 'circle_member' ? newId() : null;
      if (circleId) {
        await app.db
          .insertInto('circle_member')
          .values({
            person_id: personId,
            id: circleId,
            name: `Matrix citizen ${index}`,
            relationship: 'Friend',
            kind: 'friend',
            phone: null,
            email: null,
            may_act_for_person: Boolean(cell.mayAct),
            authority: cell.mayAct ? 'Power of attorney' : null,
            // Health and welfare: the authority that lets a representative agree a plan for the person.
            authority_type: cell.mayAct ? 'lpa_health_welfare' : null,
            authority_until: cell.authorityUntil ?? null,
            ended_at: null,
          })
          .execute();
        await app.db
          .insertInto('sharing_choice')
          .values(
            [...RECORD, ...(cell.sections ?? [])].map((part) => ({
              person_id: personId,
              id: newId(),
              part: part as never,
              audience_kind: 'circle_member' as const,
              audience_id: circleId,
              decision: cell.shared || cell.sections?.includes(part) ? ('share' as const) : ('withhold' as const),
              until_date: null,
              made_by_kind: 'system' as const,
              made_by_id: null,
              made_by_name: 'Matrix',
              made_at: now,
            })),
          )
          .execute();
      }
      await app.db
        .insertInto('person_account_link')
        .values({ person_id: personId, person_account_id: accountId, acting_as: cell.link, circle_member_id: circleId })
        .execute();
    }

    // Everyone signs in at once: the password checks run side by side, and each client is kept for the whole file.
    await Promise.all([...staffCells, ...sectionCells, ...citizens].map((cell) => clientFor(cell.email)));

    // The plan every plan route is tried on, written by its lead professional through the question pages: ready to agree,
    // with a positive-risk decision and suggestions waiting in both of the person's own sections.
    const lead = staffCells.find(isLead)!;
    const leadClient = await clientFor(lead.email);
    const at = await planWithGoal(app, leadClient, personId, 'Get to the park');
    await addPlanAction(app, leadClient, personId, at, 'Ring the day centre', 'person');
    await savePlanPage(app, leadClient, personId, '/risks', RISK);
    await savePlanPage(app, leadClient, personId, '/people', { careTeam: lead.placeId!, lead: lead.placeId! });
    await savePlanPage(app, leadClient, personId, '/review-date', {
      ...dateBoxes('review_date', REVIEW_DUE),
      responsible: lead.placeId!,
    });
    for (const section of ['what-matters', 'strengths'])
      for (const words of ['Suggested words one.', 'Suggested words two.', 'Suggested words three.']) {
        assert.equal(
          (await leadClient.post(`/people/${personId}/plan/${section}`, { based_on: '1', body: words })).status,
          303,
        );
      }
  });
  after(() => app.close());

  // ---------- the plan, as it is now ----------

  let plan: PlanNow | undefined;
  async function planNow(): Promise<PlanNow> {
    if (plan) return plan;
    const current = await app.db
      .selectFrom('plan_version')
      .select(['number', 'content'])
      .where('person_id', '=', personId)
      .orderBy('number', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const answered = app.db
      .selectFrom('plan_suggestion_answer')
      .select('suggestion_id')
      .where('person_id', '=', personId);
    const suggestions = await app.db
      .selectFrom('plan_comment')
      .select(['id', 'section'])
      .where('person_id', '=', personId)
      .where('kind', '=', 'suggestion')
      .where('id', 'not in', answered)
      .orderBy('written_at')
      .orderBy('id')
      .execute();
    const pending = (section: string) => suggestions.filter((row) => row.section === section).map((row) => row.id);
    plan = {
      number: current.number,
      content: current.content,
      pending: { 'what-matters': pending('what-matters'), strengths: pending('strengths') },
      leadPlaceId: staffCells.find(isLead)!.placeId!,
    };
    return plan;
  }

  /** When each access-log row for this actor and this person was written, after `since` (ms since the epoch). */
  async function logTimes(actorId: string, since: number): Promise<number[]> {
    const rows = await app.db
      .selectFrom('access_log')
      .select('at')
      .where('person_id', '=', personId)
      .where('actor_id', '=', actorId)
      .where('at', '>', new Date(since))
      .execute();
    return rows.map((row) => new Date(row.at).getTime());
  }

  /**
   * Tries every plan route as one actor. Each answer must be the rules' answer, and each try must gain an
   * access-log row for this actor and person. Rather than count the log after every request, each request's
   * time window is kept and the rows' times are read once at the end. Windows follow one another (two can share
   * only the millisecond one ends and the next starts), so giving each window, in order, the earliest row in it
   * not yet given to another finds a row of its own for every request whenever there can be one.
   */
  async function walkPlanRoutes(
    client: TestClient,
    actorId: string,
    label: string,
    who: PlanActor,
    failures: string[],
  ): Promise<void> {
    const since = Date.now();
    while (Date.now() <= since); // rows from before this walk are all at or before `since`; its first request starts after
    const windows: { from: number; to: number; where: string }[] = [];
    for (const route of PLAN_ROUTES) {
      const current = await planNow();
      const path = `/people/${personId}/plan${route.path(current)}`;
      const from = Date.now();
      const page = route.method === 'GET' ? await client.get(path) : await client.post(path, route.form!(current));
      const to = Date.now();
      // Anything but a refusal may have changed the plan or its suggestions: read it again before the next request.
      if (route.method === 'POST' && page.status !== 404) plan = undefined;
      const expected = expectedPlanStatus(route, who);
      const where = `${route.name} (${route.method} ${path.replace(personId, ':id')})`;
      if (page.status !== expected)
        failures.push(
          `${label}: ${where} answered ${page.status}${page.status === 404 ? '' : ` “${headingOf(page)}”`}, expected ${expected}`,
        );
      // A redirect to sign in is a 303 too: an allowed change must go on within the plan.
      else if (page.status === 303 && !page.location?.startsWith(`/people/${personId}/plan`))
        failures.push(`${label}: ${where} went on to ${page.location}`);
      windows.push({ from, to, where });
    }
    const times = (await logTimes(actorId, since)).sort((a, b) => a - b);
    let next = 0;
    for (const { from, to, where } of windows) {
      while (next < times.length && times[next]! < from) next++;
      if (next < times.length && times[next]! <= to) {
        next++;
        continue;
      }
      failures.push(`${label}: ${where} wrote no access-log row`);
    }
  }

  /**
   * Every person route as one member of staff: the record home, then each route's answer by the rules, each with its
   * access-log row. `sectionShared`: a section of the plan is shared with them on its own, which opens the record home.
   */
  async function walkStaffRoutes(
    client: TestClient,
    cell: StaffCell & { id: string },
    label: string,
    failures: string[],
    sectionShared = false,
  ): Promise<void> {
    const readable = [...RECORD, 'care_team', 'access_log', 'sharing'].filter((part) => staffMay(cell, part, 'read'));
    const home = await client.get(`/people/${personId}`);
    const homeExpected = readable.length || sectionShared ? 200 : 404;
    if (home.status !== homeExpected)
      failures.push(`${label}: record home answered ${home.status}, expected ${homeExpected}`);
    for (const route of STAFF_ROUTES) {
      if (route.method === 'POST')
        await client.get(route.path(personId).replace(/\/add$|\/please_do$/, (end) => (end === '/add' ? '/add' : '')));
      const before = await logRows(app, personId, cell.id);
      const page =
        route.method === 'GET'
          ? await client.get(route.path(personId))
          : await client.post(route.path(personId), route.form!);
      const allowed = staffMay(cell, route.part, route.action);
      const readOnly = route.readOnly && staffMay(cell, route.readOnly.readPart, 'read') ? route.readOnly.status : 404;
      const expected = allowed ? route.okStatus : readOnly;
      if (page.status !== expected)
        failures.push(`${label}: ${route.name} answered ${page.status}, expected ${expected}`);
      if ((await logRows(app, personId, cell.id)) <= before)
        failures.push(`${label}: ${route.name} wrote no access-log row`);
    }
  }

  const labelOf = (cell: StaffCell) =>
    `${cell.role}, ${cell.inTeam ? 'in team' : 'not in team'}, ${cell.shared ? 'shared' : 'withheld'}, ${cell.emergency ? 'emergency grant' : 'no grant'}`;

  test('every staff role × care-team place × sharing × emergency grant, on every person route', async () => {
    const failures: string[] = [];
    for (const cell of staffCells) await walkStaffRoutes(await clientFor(cell.email), cell, labelOf(cell), failures);
    assert.deepEqual(failures, []);
  });

  test(`every staff role × care-team place × sharing × emergency grant, on every plan route (${PLAN_ROUTES.length}) and the reviews due`, async () => {
    const failures: string[] = [];
    for (const cell of staffCells) {
      const client = await clientFor(cell.email);
      const label = labelOf(cell);
      const who: PlanActor = {
        read: staffMay(cell, 'plan', 'read'),
        write: staffMay(cell, 'plan', 'write'),
        staff: true,
        isLead: isLead(cell),
        authorityEnded: false,
      };
      await walkPlanRoutes(client, cell.id, label, who, failures);

      // Reviews due: only practitioners have a list; it names the person only to their lead professional, who may read the plan,
      // and naming them is logged for the person; nobody else's list names them or logs anything for them.
      const before = await logRows(app, personId, cell.id);
      const reviews = await client.get('/staff/reviews');
      const expected = cell.role === 'practitioner' ? 200 : 404;
      if (reviews.status !== expected)
        failures.push(`${label}: reviews due answered ${reviews.status}, expected ${expected}`);
      const listed = reviews.text.includes(`/people/${personId}`);
      const shouldList = isLead(cell) && who.read;
      if (listed !== shouldList)
        failures.push(`${label}: reviews due ${listed ? 'names' : 'does not name'} the person`);
      const gained = (await logRows(app, personId, cell.id)) - before;
      if (shouldList ? gained < 1 : gained !== 0)
        failures.push(`${label}: reviews due gained ${gained} access-log rows for the person`);
    }
    assert.deepEqual(failures, []);
  });

  test('only the crisis plan shared: the plan home shows that section alone; every other page of the plan and record, 404', async () => {
    const failures: string[] = [];
    for (const cell of sectionCells) {
      const client = await clientFor(cell.email);
      const label = `${cell.role}, ${cell.inTeam ? 'in team' : 'not in team'}, only the crisis plan shared`;
      const readsSection = cell.inTeam && ROLE_READS[cell.role].includes('plan');
      await walkStaffRoutes(client, cell, label, failures, readsSection);
      const who: PlanActor = { read: false, write: false, staff: true, isLead: false, authorityEnded: false };
      await walkPlanRoutes(client, cell.id, label, { ...who, section: readsSection }, failures);
      if (!readsSection) continue;
      const home = visibleText((await client.get(`/people/${personId}/plan`)).text);
      if (!home.includes('Contingency and crisis plan') || !home.includes('A fall'))
        failures.push(`${label}: the plan home does not show the crisis plan`);
      for (const hidden of [
        'What matters to me',
        'Needs, goals and actions',
        'Positive-risk decisions',
        'Money for this plan',
      ])
        if (home.includes(hidden)) failures.push(`${label}: the plan home shows “${hidden}”`);
    }
    assert.deepEqual(failures, []);
  });

  test('a refused look is logged as refused; an allowed one under an emergency grant says so', async () => {
    const outsider = staffCells.find((cell) => cell.role === 'practitioner' && !cell.inTeam && !cell.emergency)!;
    const refused = await app.db
      .selectFrom('access_log')
      .select(['action', 'purpose'])
      .where('person_id', '=', personId)
      .where('actor_id', '=', outsider.id)
      .execute();
    assert.ok(refused.length > 0 && refused.every((row) => row.action === 'refused'));
    const glass = staffCells.find((cell) => cell.role === 'practitioner' && !cell.inTeam && cell.emergency)!;
    const reads = await app.db
      .selectFrom('access_log')
      .select(['action', 'purpose', 'break_glass_grant_id'])
      .where('person_id', '=', personId)
      .where('actor_id', '=', glass.id)
      .where('action', '=', 'read')
      .execute();
    assert.ok(reads.length > 0 && reads.every((row) => row.purpose === 'emergency' && row.break_glass_grant_id));
  });

  test('signed-in people: themselves, a representative, one whose authority ended, a circle member with and without sharing, a stranger', async () => {
    const failures: string[] = [];
    for (const cell of citizens) {
      const full = citizenHasFullAccess(cell);
      const client = await clientFor(cell.email);
      const expectations: [string, number][] = [
        [`/people/${personId}`, full || cell.shared || cell.sections ? 200 : 404],
        [`/people/${personId}/details`, full || cell.shared ? 200 : 404],
        [`/people/${personId}/about-me`, full || cell.shared ? 200 : 404],
        [`/people/${personId}/contacts`, full || cell.shared ? 200 : 404],
        [`/people/${personId}/access-log`, full ? 200 : 404],
        [`/people/${personId}/sharing`, full ? 200 : 404],
        [`/people/${personId}/care-team`, full ? 200 : 404],
        [`/people/${personId}/budget`, full || cell.shared ? 200 : 404],
        [`/people/${personId}/panel`, full ? 200 : 404],
        [`/people/${personId}/referrals`, full ? 200 : 404],
        // Anyone in the circle reaches the door of messages, but only those the person chose take part (none here).
        [`/people/${personId}/messages`, full ? 200 : 404],
        [`/people/${personId}/messages/team`, full ? 200 : 404],
        [`/people/${personId}/messages/people`, full ? 200 : cell.link ? 403 : 404],
      ];
      for (const [path, expected] of expectations) {
        const before = await logRows(app, personId, cell.id);
        const page = await client.get(path);
        if (page.status !== expected)
          failures.push(
            `${cell.label}: ${path.replace(personId, ':id')} answered ${page.status}, expected ${expected}`,
          );
        if ((await logRows(app, personId, cell.id)) <= before)
          failures.push(`${cell.label}: ${path.replace(personId, ':id')} wrote no access-log row`);
      }
      const write = await client.post(`/people/${personId}/about-me/please_do`, { body: 'Written by the matrix.' });
      if (write.status !== (full ? 303 : 404))
        failures.push(`${cell.label}: writing About me answered ${write.status}`);
    }
    assert.deepEqual(failures, []);
  });

  test(`signed-in people on every plan route (${PLAN_ROUTES.length}); the staff list of reviews due is not theirs`, async () => {
    const failures: string[] = [];
    for (const cell of citizens) {
      const full = citizenHasFullAccess(cell);
      const who: PlanActor = {
        read: full || Boolean(cell.shared),
        write: full,
        staff: false,
        isLead: false,
        authorityEnded: Boolean(cell.mayAct && cell.authorityUntil),
        section: Boolean(cell.sections),
      };
      await walkPlanRoutes(await clientFor(cell.email), cell.id, cell.label, who, failures);
      const reviews = await (await clientFor(cell.email)).get('/staff/reviews');
      if (reviews.status !== 303 || reviews.location !== '/my')
        failures.push(`${cell.label}: reviews due answered ${reviews.status} ${reviews.location}, expected 303 to /my`);
    }
    assert.deepEqual(failures, []);
  });

  test('a record that does not exist, and a malformed id, answer 404 like one out of scope', async () => {
    const client = new TestClient(app.baseUrl);
    await client.signIn('priya.shah@council.example.org', app.db);
    assert.equal((await client.get(`/people/${newId()}`)).status, 404);
    assert.equal((await client.get('/people/not-a-uuid/details')).status, 404);
  });
});
