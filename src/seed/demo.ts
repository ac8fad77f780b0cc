import type { Db } from '../db/database.ts';
import { newId } from '../ids.ts';
import { seedDemoAllocationScheme } from './demo-allocation.ts';
import { hashPassword } from '../modules/identity/index.ts';
import type { OrganisationKind } from '../modules/identity/index.ts';
import type { StaffRole } from '../data/actor.ts';
import type { RecordPart } from '../data/person-data.ts';

/** The password of every demo account. Demo data is synthetic; never use it for real people. */
export const DEMO_PASSWORD = 'demo-password-2026';

/** Fixed base32 secrets, so demo staff can add Careweave to an authenticator app from the README. */
export const DEMO_TOTP = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

type DemoOrganisation = { key: string; name: string; kind: OrganisationKind };
const ORGANISATIONS: DemoOrganisation[] = [
  { key: 'trust', name: 'Northbridge Hospitals NHS Foundation Trust', kind: 'nhs_trust' },
  { key: 'gp', name: 'Riverside Medical Practice', kind: 'gp_practice' },
  { key: 'council', name: 'Northbridge City Council', kind: 'council' },
  { key: 'carers', name: "Northbridge Carers' Network", kind: 'voluntary_group' },
  { key: 'hub', name: 'Open Door Community Hub', kind: 'voluntary_group' },
  // Looks after the community directory: its keepers check what local people suggest.
  { key: 'community', name: 'Northbridge Community Network', kind: 'voluntary_group' },
  // Runs a listed service: referrals to it open to its staff (directory's linkDemoServiceToOrganisation).
  { key: 'walking', name: 'Northbridge Walking Friends', kind: 'voluntary_group' },
];

type DemoStaff = {
  key: string;
  name: string;
  email: string;
  jobTitle: string;
  role: StaffRole;
  organisation: string;
  workPhone?: string;
};
export const DEMO_STAFF: DemoStaff[] = [
  {
    key: 'priya',
    name: 'Priya Shah',
    email: 'priya.shah@council.example.org',
    jobTitle: 'Social worker',
    role: 'practitioner',
    organisation: 'council',
  },
  {
    key: 'tom',
    name: 'Dr Tom Okafor',
    email: 'tom.okafor@gp.example.org',
    jobTitle: 'GP',
    role: 'practitioner',
    organisation: 'gp',
  },
  {
    key: 'grace',
    name: 'Grace Mensah',
    email: 'grace.mensah@trust.example.org',
    jobTitle: 'Community nurse',
    role: 'practitioner',
    organisation: 'trust',
  },
  {
    key: 'rosa',
    name: 'Rosa Bell',
    email: 'rosa.bell@trust.example.org',
    jobTitle: 'Ward nurse',
    role: 'practitioner',
    organisation: 'trust',
    workPhone: '0113 496 0731',
  },
  {
    key: 'sam',
    name: 'Sam Reid',
    email: 'sam.reid@hub.example.org',
    jobTitle: 'Link worker',
    role: 'practitioner',
    organisation: 'hub',
  },
  {
    key: 'lena',
    name: 'Lena Varga',
    email: 'lena.varga@carers.example.org',
    jobTitle: 'Carers support worker',
    role: 'practitioner',
    organisation: 'carers',
  },
  {
    key: 'jo',
    name: 'Jo Kaur',
    email: 'jo.kaur@walking.example.org',
    jobTitle: 'Walk leader and link worker',
    role: 'practitioner',
    organisation: 'walking',
  },
  {
    key: 'helen',
    name: 'Helen Price',
    email: 'helen.price@council.example.org',
    jobTitle: 'Team manager',
    role: 'manager',
    organisation: 'council',
  },
  {
    key: 'marcus',
    name: 'Marcus Lee',
    email: 'marcus.lee@council.example.org',
    jobTitle: 'Panel member',
    role: 'panel_member',
    organisation: 'council',
  },
  {
    key: 'joan',
    name: 'Joan Clarke',
    email: 'joan.clarke@trust.example.org',
    jobTitle: 'Privacy officer',
    role: 'privacy_officer',
    organisation: 'trust',
  },
  {
    key: 'alan',
    name: 'Alan Ward',
    email: 'alan.ward@council.example.org',
    jobTitle: 'System administrator',
    role: 'administrator',
    organisation: 'council',
  },
  {
    key: 'nadia',
    name: 'Nadia Brooks',
    email: 'nadia.brooks@council.example.org',
    jobTitle: 'Careweave service manager',
    role: 'platform_administrator',
    organisation: 'council',
  },
  {
    key: 'keeper',
    name: 'Sam Okoro',
    email: 'sam.okoro@community.example.org',
    jobTitle: 'Community directory coordinator',
    role: 'directory_keeper',
    organisation: 'community',
  },
];

export const DEMO_PEOPLE_ACCOUNTS = [
  { email: 'aisha.khan@example.org', name: 'Aisha Khan', note: 'a person using care and support' },
  { email: 'fatima.khan@example.org', name: 'Fatima Khan', note: "Aisha's daughter, who may act for her" },
  {
    email: 'george.owen@example.org',
    name: 'George Owen',
    note: "Margaret's husband and carer, who sees what she shares with him",
  },
];

export type DemoIds = {
  organisations: Record<string, string>;
  staff: Record<string, string>;
  people: Record<string, string>;
};

/** True when the database already has organisations, so the demo is not added twice. */
export async function hasData(db: Db): Promise<boolean> {
  return Boolean(await db.selectFrom('organisation').select('id').limit(1).executeTakeFirst());
}

/** A small local area: an NHS trust, a GP practice, a council, two voluntary groups, staff in every role, three people. */
export async function seedDemo(db: Db, now = new Date()): Promise<DemoIds> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ids: DemoIds = { organisations: {}, staff: {}, people: {} };
  await db.transaction().execute(async (trx) => {
    for (const organisation of ORGANISATIONS) {
      ids.organisations[organisation.key] = newId();
      await trx
        .insertInto('organisation')
        .values({
          id: ids.organisations[organisation.key]!,
          name: organisation.name,
          kind: organisation.kind,
          ods_code: null,
          logo_url: null,
        })
        .execute();
    }
    for (const staff of DEMO_STAFF) {
      ids.staff[staff.key] = newId();
      await trx
        .insertInto('staff_account')
        .values({
          id: ids.staff[staff.key]!,
          organisation_id: ids.organisations[staff.organisation]!,
          email: staff.email,
          display_name: staff.name,
          job_title: staff.jobTitle,
          role: staff.role,
          work_phone: staff.workPhone ?? null,
          password_hash: passwordHash,
          totp_secret: DEMO_TOTP,
          disabled_at: null,
        })
        .execute();
    }
    const org = (key: string) => ids.organisations[key]!;
    const staff = (key: string) => ids.staff[key]!;
    const system = {
      made_by_kind: 'system' as const,
      made_by_id: null,
      made_by_name: 'Recorded when support began',
      made_at: now,
    };

    const people = [
      {
        key: 'aisha',
        given: 'Aisha',
        family: 'Khan',
        born: '1948-03-14',
        nhs: '9990000018',
        address: '12 Orchard Road',
        postcode: 'NB2 4QT',
        language: 'Urdu',
        needs: 'Prefers to speak Urdu for important conversations; reads English well.',
        interpreter: true,
        aboutMe: {
          what_matters: 'Being at home with my plants, and cooking for my grandchildren on Sundays.',
          people_important: 'My daughter Fatima, my grandchildren, and my neighbour Bill.',
          how_i_communicate: 'I speak English day to day, but for anything important please book an Urdu interpreter.',
          please_do: 'Knock and wait; I take a while to get to the door.',
          please_dont: 'Please do not move things in my kitchen.',
        },
        circle: [
          {
            key: 'fatima',
            name: 'Fatima Khan',
            relationship: 'Daughter',
            kind: 'family' as const,
            mayAct: true,
            authority: 'Lasting power of attorney for health and welfare',
            authorityType: 'lpa_health_welfare' as const,
            reference: '7000-1234-5678',
            from: '2023-06-12',
            until: null,
          },
          {
            key: 'bill',
            name: 'Bill Hartley',
            relationship: 'Neighbour',
            kind: 'friend' as const,
            mayAct: false,
            authority: null,
            until: null,
          },
        ],
        team: [
          { staff: 'priya', org: 'council', role: 'Social worker', keyWorker: true },
          { staff: 'tom', org: 'gp', role: 'GP', keyWorker: false },
          { staff: 'sam', org: 'hub', role: 'Link worker', keyWorker: false },
        ],
        sharing: {
          council: ['details', 'about_me', 'contacts', 'plan', 'budget', 'notes'],
          gp: ['details', 'about_me', 'plan', 'notes'],
          hub: ['details', 'about_me'],
        } as Record<string, RecordPart[]>,
      },
      {
        key: 'daniel',
        given: 'Daniel',
        family: 'Brooks',
        born: '1985-09-02',
        nhs: '9990000026',
        address: '4 Canal Street',
        postcode: 'NB1 7HS',
        language: 'English',
        needs: 'Easy-read information helps. Give me time to answer.',
        interpreter: false,
        aboutMe: {
          what_matters: 'My job at the café on Tuesdays and Thursdays, and football on Saturdays.',
          how_to_support: 'Show me what to do, then let me try it myself.',
        },
        circle: [
          {
            key: 'ruth',
            name: 'Ruth Green',
            relationship: 'Independent advocate',
            kind: 'advocate' as const,
            mayAct: false,
            authority: null,
            until: null,
          },
          {
            key: 'carol',
            name: 'Carol Brooks',
            relationship: 'Mother',
            kind: 'family' as const,
            mayAct: false,
            authority: null,
            until: null,
          },
        ],
        team: [
          { staff: 'priya', org: 'council', role: 'Social worker', keyWorker: true },
          { staff: 'grace', org: 'trust', role: 'Learning disability nurse', keyWorker: false },
        ],
        sharing: {
          council: ['details', 'about_me', 'contacts', 'plan', 'budget', 'notes'],
          trust: ['details', 'about_me', 'contacts', 'plan', 'notes'],
        } as Record<string, RecordPart[]>,
      },
      {
        key: 'margaret',
        given: 'Margaret',
        family: 'Owen',
        born: '1937-11-21',
        nhs: '9990000034',
        address: '7 Chapel Row',
        postcode: 'NB3 2LD',
        language: 'English',
        needs: 'Hard of hearing: face me and speak clearly.',
        interpreter: false,
        aboutMe: {
          what_matters: 'Staying with George in our own home. We have been married 62 years.',
          my_wellness: 'My memory is not what it was, but I still love the crossword.',
        },
        circle: [
          {
            key: 'george',
            name: 'George Owen',
            relationship: 'Husband and main carer',
            kind: 'unpaid_carer' as const,
            mayAct: false,
            authority: null,
            until: null,
          },
        ],
        team: [
          { staff: 'tom', org: 'gp', role: 'GP', keyWorker: true },
          { staff: 'lena', org: 'carers', role: 'Carers support worker', keyWorker: false },
        ],
        sharing: {
          gp: ['details', 'about_me', 'contacts', 'plan', 'notes'],
          carers: ['details', 'about_me'],
          george: ['about_me', 'plan'],
        } as Record<string, RecordPart[]>,
      },
    ];

    const circleIds: Record<string, string> = {};
    for (const person of people) {
      const personId = newId();
      ids.people[person.key] = personId;
      await trx
        .insertInto('person')
        .values({
          person_id: personId,
          given_name: person.given,
          family_name: person.family,
          preferred_name: null,
          date_of_birth: person.born,
          nhs_number: person.nhs,
          address_line_1: person.address,
          address_line_2: null,
          town: 'Northbridge',
          postcode: person.postcode,
          phone: '07700 900123',
          email: null,
          gp_practice_id: org('gp'),
          language: person.language,
          communication_needs: person.needs,
          interpreter_needed: person.interpreter,
        })
        .execute();
      for (const [heading, body] of Object.entries<string | undefined>(person.aboutMe)) {
        if (body === undefined) continue;
        await trx
          .insertInto('about_me_revision')
          .values({
            person_id: personId,
            id: newId(),
            heading,
            body,
            written_by_kind: 'staff',
            written_by_id: staff(person.team[0]!.staff),
            written_by_name: `${person.given} with ${DEMO_STAFF.find((s) => s.key === person.team[0]!.staff)!.name}`,
            written_at: now,
          })
          .execute();
      }
      for (const member of person.circle) {
        circleIds[member.key] = newId();
        await trx
          .insertInto('circle_member')
          .values({
            person_id: personId,
            id: circleIds[member.key]!,
            name: member.name,
            relationship: member.relationship,
            kind: member.kind,
            phone: null,
            email: null,
            may_act_for_person: member.mayAct,
            authority: member.authority,
            ...('authorityType' in member
              ? {
                  authority_type: member.authorityType,
                  authority_reference: member.reference,
                  authority_from: member.from,
                }
              : {}),
            authority_until: member.until,
            ended_at: null,
          })
          .execute();
      }
      for (const member of person.team) {
        await trx
          .insertInto('care_team_member')
          .values({
            person_id: personId,
            id: newId(),
            staff_account_id: staff(member.staff),
            organisation_id: org(member.org),
            team_role: member.role,
            is_key_worker: member.keyWorker,
            from_date: '2026-01-05',
            until_date: null,
          })
          .execute();
      }
      for (const [audience, parts] of Object.entries(person.sharing)) {
        const circleMember = circleIds[audience];
        for (const part of parts) {
          await trx
            .insertInto('sharing_choice')
            .values({
              person_id: personId,
              id: newId(),
              part,
              audience_kind: circleMember ? 'circle_member' : 'organisation',
              audience_id: circleMember ?? org(audience),
              decision: 'share',
              until_date: null,
              ...system,
            })
            .execute();
        }
      }
    }

    const accounts: {
      email: string;
      name: string;
      person: string;
      actingAs: 'self' | 'circle_member';
      circle: string | null;
    }[] = [
      { email: 'aisha.khan@example.org', name: 'Aisha Khan', person: 'aisha', actingAs: 'self', circle: null },
      {
        email: 'fatima.khan@example.org',
        name: 'Fatima Khan',
        person: 'aisha',
        actingAs: 'circle_member',
        circle: 'fatima',
      },
      {
        email: 'george.owen@example.org',
        name: 'George Owen',
        person: 'margaret',
        actingAs: 'circle_member',
        circle: 'george',
      },
    ];
    for (const account of accounts) {
      const accountId = newId();
      await trx
        .insertInto('person_account')
        .values({
          id: accountId,
          email: account.email,
          display_name: account.name,
          password_hash: passwordHash,
          disabled_at: null,
        })
        .execute();
      await trx
        .insertInto('person_account_link')
        .values({
          person_id: ids.people[account.person]!,
          person_account_id: accountId,
          acting_as: account.actingAs,
          circle_member_id: account.circle ? circleIds[account.circle]! : null,
        })
        .execute();
    }
  });
  // The council's allocation scheme is reference data, published as any scheme is, after the area exists.
  await seedDemoAllocationScheme(db, ids.organisations.council!, now);
  return ids;
}

/** The lines printed after the demo is set up: who to sign in as, and how; `more` staff the demo area adds. */
export function demoSignIns(more: Pick<DemoStaff, 'email' | 'name' | 'jobTitle' | 'role'>[] = []): string {
  const lines = [
    `Demo sign-ins (every password is ${DEMO_PASSWORD}):`,
    ...DEMO_PEOPLE_ACCOUNTS.map((account) => `  ${account.email.padEnd(36)} ${account.name}, ${account.note}`),
    ...[...DEMO_STAFF, ...more].map(
      (staff) => `  ${staff.email.padEnd(36)} ${staff.name}, ${staff.jobTitle} (${staff.role.replace('_', ' ')})`,
    ),
    `Staff also enter a one-time code: add the secret ${DEMO_TOTP} to an authenticator app,`,
    `or run "npm run careweave -- code <email>" to print the current code.`,
  ];
  return lines.join('\n');
}
