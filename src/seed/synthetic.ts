import type { Insertable } from 'kysely';
import type { Database } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { RECORD_PARTS } from '../data/person-data.ts';
import { nhsCheckDigit } from '../modules/people/index.ts';
import { FAMILY_NAMES, GIVEN_NAMES, STREETS, TOWN } from './names.ts';

/** A small deterministic random source, so the same seed makes the same people. */
export function randomSource(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
  return {
    next,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
  };
}
export type RandomSource = ReturnType<typeof randomSource>;

/** How many numbers the 999 range holds: 999 and six digits, each with a check digit when one exists. */
let numbersInTestRange: number | undefined;
function countNumbersInTestRange(): number {
  if (numbersInTestRange === undefined) {
    numbersInTestRange = 0;
    for (let index = 0; index < 1_000_000; index += 1)
      if (nhsCheckDigit(`999${String(index).padStart(6, '0')}`) !== undefined) numbersInTestRange += 1;
  }
  return numbersInTestRange;
}

/** Where each set of used numbers has got to in its walk through the range: see syntheticNhsNumber. */
const walks = new WeakMap<Set<string>, { start: number; stride: number; step: number }>();
/** Strides that visit every one of a million places once: no factor of 2 or 5. */
const STRIDES = [7_919, 104_729, 611_953, 999_983, 3_571, 524_287];

/**
 * A valid NHS number in the 999 range, which is kept for testing and never issued to patients, that is not in
 * `used` (it is added there): an NHS number names one person. Null once every number in the range is used.
 * Each `used` set walks the range once, from a random place by a random stride, so the millionth person costs
 * no more than the first: random draws, or a search from a random place, slow to a crawl as the range fills.
 */
export function syntheticNhsNumber(random: RandomSource, used: Set<string>): string | null {
  if (used.size >= countNumbersInTestRange()) return null;
  let walk = walks.get(used);
  if (!walk) walks.set(used, (walk = { start: random.int(0, 999_999), stride: random.pick(STRIDES), step: 0 }));
  for (; walk.step < 1_000_000; walk.step += 1) {
    const firstNine = `999${String((walk.start + walk.step * walk.stride) % 1_000_000).padStart(6, '0')}`;
    const check = nhsCheckDigit(firstNine);
    if (check === undefined || used.has(`${firstNine}${check}`)) continue;
    used.add(`${firstNine}${check}`);
    walk.step += 1;
    return `${firstNine}${check}`;
  }
  return null;
}

export type SyntheticPersonRows = {
  person: Insertable<Database['person']>;
  aboutMe: Insertable<Database['about_me_revision']>[];
  circle: Insertable<Database['circle_member']>[];
  careTeam: Insertable<Database['care_team_member']>[];
  sharing: Insertable<Database['sharing_choice']>[];
};

export type Placement = { staffId: string; organisationId: string; teamRole: string; gpPracticeId: string };

/**
 * Every row for one invented person, placed with one practitioner who is their key worker. `usedNhsNumbers` holds
 * the test-range numbers already given, so each person's is their own.
 */
export function syntheticPerson(
  random: RandomSource,
  placement: Placement,
  now: Date,
  usedNhsNumbers: Set<string>,
): SyntheticPersonRows {
  const personId = newId();
  const given = random.pick(GIVEN_NAMES);
  const family = random.pick(FAMILY_NAMES);
  const year = random.int(1930, 2005);
  const dateOfBirth = `${year}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
  const writer = {
    written_by_kind: 'staff' as const,
    written_by_id: placement.staffId,
    written_by_name: 'Demo practitioner',
    written_at: now,
  };
  const relative = random.pick(GIVEN_NAMES);
  const circleId = newId();
  return {
    person: {
      person_id: personId,
      given_name: given,
      family_name: family,
      preferred_name: random.next() < 0.2 ? given.slice(0, 3) : null,
      date_of_birth: dateOfBirth,
      nhs_number: syntheticNhsNumber(random, usedNhsNumbers),
      address_line_1: `${random.int(1, 180)} ${random.pick(STREETS)}`,
      address_line_2: null,
      town: TOWN,
      postcode: `NB${random.int(1, 9)} ${random.int(1, 9)}${String.fromCharCode(65 + random.int(0, 25))}${String.fromCharCode(65 + random.int(0, 25))}`,
      phone: `07700 900${String(random.int(0, 999)).padStart(3, '0')}`,
      email: null,
      gp_practice_id: placement.gpPracticeId,
      language: 'English',
      communication_needs: null,
      interpreter_needed: false,
    },
    aboutMe: [
      {
        person_id: personId,
        id: newId(),
        heading: 'what_matters',
        body: `Staying in my own home and seeing ${relative} every week.`,
        ...writer,
      },
      {
        person_id: personId,
        id: newId(),
        heading: 'how_to_support',
        body: 'Mornings are hard for me. Please come after ten and give me time.',
        ...writer,
      },
    ],
    circle: [
      {
        person_id: personId,
        id: circleId,
        name: `${relative} ${family}`,
        relationship: random.pick(['Daughter', 'Son', 'Partner', 'Brother', 'Sister']),
        kind: 'family',
        phone: null,
        email: null,
        may_act_for_person: false,
        authority: null,
        authority_until: null,
        ended_at: null,
      },
    ],
    careTeam: [
      {
        person_id: personId,
        id: newId(),
        staff_account_id: placement.staffId,
        organisation_id: placement.organisationId,
        team_role: placement.teamRole,
        is_key_worker: true,
        from_date: '2026-01-05',
        until_date: null,
      },
    ],
    sharing: RECORD_PARTS.map((part) => ({
      person_id: personId,
      id: newId(),
      part,
      audience_kind: 'organisation' as const,
      audience_id: placement.organisationId,
      decision: 'share' as const,
      until_date: null,
      made_by_kind: 'system' as const,
      made_by_id: null,
      made_by_name: 'Recorded when support began',
      made_at: now,
    })),
  };
}
