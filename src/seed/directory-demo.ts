import type { Db } from '../db/database.ts';
import { createDirectoryReference, createListingsService, type ImportReport } from '../modules/directory/index.ts';

// The demo directory: about 25 invented community services around an invented town, Wrenford, as Open Referral UK
// documents, imported through the directory's own import so the demo shows what an import makes. Postcodes are in
// the non-existent "ZZ" area. Everything here is synthetic.

/** A fixed id per demo object, so seeding twice updates rather than doubles (kind 1 to 9, number from 1). */
const demoId = (kind: number, n: number) => `0d1e0000-0000-4000-8000-${kind}${String(n).padStart(11, '0')}`;

export const DEMO_NEEDS = [
  'Loneliness and isolation',
  'Physical activity',
  'Money advice',
  "Carers' support",
  'Mental wellbeing',
  'Food',
  'Digital skills',
] as const;

type Need = (typeof DEMO_NEEDS)[number];

/** The town's centre, and the demo postcodes around it (upper case, no spaces) with their places. */
const CENTRE = { latitude: 52.4, longitude: -1.3 };
export const DEMO_POSTCODES = Array.from({ length: 12 }, (_, index) => ({
  postcode: `ZZ${1 + (index % 3)}${1 + Math.floor(index / 3)}A${String.fromCharCode(65 + index)}`,
  latitude: Number((CENTRE.latitude + ((index % 4) - 1.5) * 0.012).toFixed(5)),
  longitude: Number((CENTRE.longitude + (Math.floor(index / 4) - 1) * 0.02).toFixed(5)),
}));

type DemoService = {
  name: string;
  organisation: string;
  description: string;
  needs: Need[];
  days: string;
  opens: string;
  closes: string;
  costPounds?: number;
  minimumAge?: number;
  maximumAge?: number;
  languages?: string[];
  access?: string[];
};

const SERVICES: DemoService[] = [
  {
    name: 'Tuesday Tea and Chat',
    organisation: 'Wrenford Kettle Club',
    description: 'A warm room, a hot drink and company. Come once or every week.',
    needs: ['Loneliness and isolation'],
    days: 'TU',
    opens: '10:00',
    closes: '12:00',
    access: ['Step-free access'],
  },
  {
    name: 'Walk and Talk Wrenford',
    organisation: 'Northbridge Walking Friends',
    description: 'Gentle hour-long walks on flat paths, at the pace of the slowest walker.',
    needs: ['Physical activity', 'Loneliness and isolation'],
    days: 'WE,SA',
    opens: '09:30',
    closes: '10:30',
    minimumAge: 18,
  },
  {
    name: 'Chair Yoga for Beginners',
    organisation: 'Lantern Lane Movement Collective',
    description: 'Stretch and breathe sitting down. No experience needed.',
    needs: ['Physical activity', 'Mental wellbeing'],
    days: 'MO',
    opens: '14:00',
    closes: '15:00',
    costPounds: 3,
    minimumAge: 50,
    access: ['Step-free access', 'Accessible toilet'],
  },
  {
    name: 'Benefits and Bills Clinic',
    organisation: 'Wrenford Pocketbook Advice',
    description: 'One-to-one help with benefits forms, debts and energy bills.',
    needs: ['Money advice'],
    days: 'MO,TH',
    opens: '09:00',
    closes: '16:00',
    languages: ['English', 'Urdu'],
    access: ['Hearing loop'],
  },
  {
    name: 'Carers Cuppa',
    organisation: 'Wrenford Carers Hub',
    description: 'Meet other unpaid carers, get a break and find out what help there is.',
    needs: ["Carers' support", 'Loneliness and isolation'],
    days: 'FR',
    opens: '13:00',
    closes: '15:00',
  },
  {
    name: 'Worry Less Group',
    organisation: 'Quietwater Wellbeing Trust',
    description: 'A six-week group to learn ways to manage worry and low mood.',
    needs: ['Mental wellbeing'],
    days: 'WE',
    opens: '18:00',
    closes: '19:30',
    minimumAge: 16,
    languages: ['English', 'Polish'],
  },
  {
    name: 'Community Pantry',
    organisation: 'Wrenford Shared Table',
    description: 'Choose food and household goods for a small weekly membership fee.',
    needs: ['Food', 'Money advice'],
    days: 'TU,TH',
    opens: '11:00',
    closes: '14:00',
    costPounds: 3.5,
    access: ['Step-free access'],
  },
  {
    name: 'Tablet Tuesdays',
    organisation: 'Byte Buddies Wrenford',
    description: 'Bring your phone or tablet and learn video calls, shopping and safe browsing.',
    needs: ['Digital skills', 'Loneliness and isolation'],
    days: 'TU',
    opens: '14:00',
    closes: '16:00',
    minimumAge: 55,
  },
  {
    name: 'Lunch Club at the Old School',
    organisation: 'Old School Rooms Volunteers',
    description: 'A two-course cooked lunch and company. Transport can be arranged.',
    needs: ['Food', 'Loneliness and isolation'],
    days: 'WE',
    opens: '12:00',
    closes: '14:00',
    costPounds: 4.5,
    minimumAge: 60,
    access: ['Step-free access', 'Accessible toilet'],
  },
  {
    name: 'Young Carers Club',
    organisation: 'Wrenford Carers Hub',
    description: 'Games, trips and a break for young people who look after someone.',
    needs: ["Carers' support"],
    days: 'TH',
    opens: '16:00',
    closes: '18:00',
    minimumAge: 8,
    maximumAge: 17,
  },
  {
    name: 'Men in Sheds Wrenford',
    organisation: 'Sawdust and Chat CIC',
    description: 'Woodwork, repairs and conversation in a friendly workshop.',
    needs: ['Loneliness and isolation', 'Mental wellbeing'],
    days: 'MO,WE,FR',
    opens: '10:00',
    closes: '15:00',
    minimumAge: 18,
  },
  {
    name: 'Swim for Health',
    organisation: 'Lantern Lane Movement Collective',
    description: 'Quiet-lane swimming with a coach on hand, for people getting active again.',
    needs: ['Physical activity'],
    days: 'SA',
    opens: '08:00',
    closes: '09:00',
    costPounds: 2.5,
    access: ['Changing places toilet'],
  },
  {
    name: 'Money Confidence Course',
    organisation: 'Wrenford Pocketbook Advice',
    description: 'Four short sessions on budgeting, saving and avoiding scams.',
    needs: ['Money advice', 'Digital skills'],
    days: 'TH',
    opens: '10:00',
    closes: '12:00',
    languages: ['English', 'Bengali'],
  },
  {
    name: 'Peer Support Evening',
    organisation: 'Quietwater Wellbeing Trust',
    description: 'Talk with people who have been through hard times too. Drop in.',
    needs: ['Mental wellbeing', 'Loneliness and isolation'],
    days: 'TU',
    opens: '18:30',
    closes: '20:00',
    minimumAge: 18,
  },
  {
    name: 'Grow Your Own Allotment',
    organisation: 'Green Fingers of Wrenford',
    description: 'Share a plot, learn to grow vegetables and take some home.',
    needs: ['Physical activity', 'Food', 'Mental wellbeing'],
    days: 'SA,SU',
    opens: '10:00',
    closes: '13:00',
  },
  {
    name: 'Carers Advice Line Drop-in',
    organisation: 'Wrenford Carers Hub',
    description: 'Advice on carers assessments, breaks and money for carers.',
    needs: ["Carers' support", 'Money advice'],
    days: 'MO',
    opens: '10:00',
    closes: '13:00',
    languages: ['English', 'Punjabi'],
    access: ['Hearing loop'],
  },
  {
    name: 'Dementia Friendly Singing',
    organisation: 'Harmony Hollow Choir',
    description: 'Sing well-known songs together. Carers welcome too.',
    needs: ['Loneliness and isolation', "Carers' support"],
    days: 'TH',
    opens: '14:00',
    closes: '15:30',
    access: ['Step-free access'],
  },
  {
    name: 'Cook and Eat Together',
    organisation: 'Wrenford Shared Table',
    description: 'Cook a simple, cheap meal as a group, then eat it together.',
    needs: ['Food', 'Loneliness and isolation'],
    days: 'FR',
    opens: '17:00',
    closes: '19:00',
    costPounds: 2,
  },
  {
    name: 'Computer Help Desk',
    organisation: 'Byte Buddies Wrenford',
    description: 'Free help with email, online forms and getting online at the library.',
    needs: ['Digital skills'],
    days: 'MO,WE',
    opens: '10:00',
    closes: '12:00',
    languages: ['English', 'Somali'],
  },
  {
    name: 'Walking Football',
    organisation: 'Wrenford Old Boots',
    description: 'Football at walking pace, for all abilities.',
    needs: ['Physical activity', 'Loneliness and isolation'],
    days: 'SU',
    opens: '10:00',
    closes: '11:30',
    costPounds: 3,
    minimumAge: 50,
  },
  {
    name: 'Wellbeing Cafe',
    organisation: 'Quietwater Wellbeing Trust',
    description: 'A calm space to talk, with someone trained on hand if you need them.',
    needs: ['Mental wellbeing'],
    days: 'SA',
    opens: '11:00',
    closes: '14:00',
  },
  {
    name: 'Befriending Phone Calls',
    organisation: 'Wrenford Kettle Club',
    description: 'A friendly volunteer calls you every week for a chat.',
    needs: ['Loneliness and isolation'],
    days: 'MO,TU,WE,TH,FR',
    opens: '09:00',
    closes: '17:00',
    languages: ['English', 'Gujarati'],
  },
  {
    name: 'Family Food Bags',
    organisation: 'Green Fingers of Wrenford',
    description: 'Fresh fruit and vegetables for families, collected each week.',
    needs: ['Food'],
    days: 'WE',
    opens: '15:00',
    closes: '17:30',
    maximumAge: 150,
  },
  {
    name: 'Seated Dance',
    organisation: 'Harmony Hollow Choir',
    description: 'Move to music from your chair. Fun and gentle.',
    needs: ['Physical activity', 'Loneliness and isolation'],
    days: 'FR',
    opens: '11:00',
    closes: '12:00',
    costPounds: 2,
    access: ['Step-free access'],
  },
  {
    name: 'Online Safety Workshop',
    organisation: 'Byte Buddies Wrenford',
    description: 'Spot scams, make strong passwords and keep your accounts safe.',
    needs: ['Digital skills', 'Money advice'],
    days: 'TH',
    opens: '18:00',
    closes: '19:30',
    minimumAge: 16,
  },
];

const LANGUAGE_CODES: Record<string, string> = {
  English: 'en',
  Urdu: 'ur',
  Polish: 'pl',
  Bengali: 'bn',
  Punjabi: 'pa',
  Somali: 'so',
  Gujarati: 'gu',
};

/** The demo directory as one Open Referral UK document, in the shape `careweave export directory` writes. */
export function demoDirectoryDocument(assuredDate: string) {
  const organisations = [...new Set(SERVICES.map((service) => service.organisation))];
  const organisationId = (name: string) => demoId(1, organisations.indexOf(name) + 1);
  const termId = (need: Need) => demoId(3, DEMO_NEEDS.indexOf(need) + 1);
  return {
    organizations: organisations.map((name, index) => ({
      id: demoId(1, index + 1),
      name,
      description: `${name} is an invented community group in the Careweave demo.`,
      email: `hello${index + 1}@wrenford.example.org`,
    })),
    taxonomies: [
      {
        id: demoId(2, 1),
        name: 'Wrenford needs',
        description: 'What people look for support with, in the demo directory.',
        taxonomy_terms: DEMO_NEEDS.map((need) => ({ id: termId(need), name: need, description: need })),
      },
    ],
    services: SERVICES.map((service, index) => {
      const n = index + 1;
      const place = DEMO_POSTCODES[index % DEMO_POSTCODES.length]!;
      const postcode = `${place.postcode.slice(0, -3)} ${place.postcode.slice(-3)}`;
      // Every fifth listing was last checked over a year before: the directory marks it as possibly out of date.
      const checked = n % 5 === 0 ? `${Number(assuredDate.slice(0, 4)) - 2}-01-15` : assuredDate;
      return {
        id: demoId(4, n),
        organization_id: organisationId(service.organisation),
        name: service.name,
        description: service.description,
        status: 'active',
        ...(service.minimumAge !== undefined ? { minimum_age: service.minimumAge } : {}),
        ...(service.maximumAge !== undefined ? { maximum_age: service.maximumAge } : {}),
        assured_date: checked,
        email: `service${n}@wrenford.example.org`,
        schedules: [
          {
            id: demoId(5, n),
            freq: 'WEEKLY',
            interval: 1,
            byday: service.days,
            opens_at: `${service.opens}:00`,
            closes_at: `${service.closes}:00`,
          },
        ],
        service_at_locations: [
          {
            id: demoId(6, n),
            location: {
              id: demoId(7, n),
              location_type: 'physical',
              name: `${service.name} venue`,
              latitude: place.latitude,
              longitude: place.longitude,
              addresses: [
                {
                  id: demoId(8, n),
                  address_1: `${n} Invented Row`,
                  city: 'Wrenford',
                  state_province: 'Demoshire',
                  postal_code: postcode,
                  country: 'GB',
                  address_type: 'physical',
                },
              ],
              accessibility: (service.access ?? []).map((feature, k) => ({
                id: demoId(9, n * 10 + k),
                description: feature,
                accessibility: feature,
              })),
            },
          },
        ],
        languages: (service.languages ?? []).map((language, k) => ({
          id: demoId(9, 1000 + n * 10 + k),
          name: language,
          code: LANGUAGE_CODES[language],
        })),
        cost_options: service.costPounds
          ? [{ id: demoId(9, 2000 + n), option: 'Each session', amount: service.costPounds }]
          : [],
        attributes: service.needs.map((need, k) => ({
          id: demoId(9, 3000 + n * 10 + k),
          taxonomy_term: { id: termId(need), name: need, description: need, taxonomy_id: demoId(2, 1) },
        })),
      };
    }),
  };
}

/** Adds the demo directory and its postcodes (again, harmlessly: the ids are fixed). */
export async function seedDirectoryDemo(db: Db, now = new Date()): Promise<ImportReport> {
  await db
    .insertInto('postcode')
    .values(DEMO_POSTCODES)
    .onConflict((conflict) => conflict.column('postcode').doNothing())
    .execute();
  const listings = createListingsService(createDirectoryReference(db));
  const report = await listings.import(
    { name: 'the Careweave demo directory', json: demoDirectoryDocument(now.toISOString().slice(0, 10)) },
    { skipInvalid: false, now },
  );
  if (report.refused) throw new Error(`The demo directory did not import: ${report.problems.join('; ')}`);
  return report;
}
