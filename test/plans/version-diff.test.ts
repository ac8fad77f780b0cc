import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  ACTION_OWNER_KINDS,
  ACTION_STATUSES,
  emptyPlan,
  GOAL_STATUSES,
  type PlanContent,
} from '../../src/modules/plans/content.ts';
import { planDifferences, planFields } from '../../src/modules/plans/version-diff.ts';

const NEED = '01900000-0000-7000-8000-000000000001';
const GOAL = '01900000-0000-7000-8000-000000000002';
const ACTION = '01900000-0000-7000-8000-000000000003';
const PRIYA = '01900000-0000-7000-8000-000000000004';

/** A small plan with one need, goal and action, as a test starting point. */
function aishaPlan(): PlanContent {
  return {
    ...emptyPlan(),
    whatMatters: 'My garden.',
    needs: [
      {
        id: NEED,
        description: 'Getting out of the house',
        goals: [
          {
            id: GOAL,
            inOwnWords: 'Walk to the shop again',
            importance: 8,
            status: 'in_progress',
            outcomes: '',
            actions: [
              {
                id: ACTION,
                what: 'Physio visits',
                owner: { kind: 'organisation', id: null, name: 'Physio team' },
                byWhen: '2026-07-01',
                status: 'not_started',
                confidence: null,
                reviewDate: null,
              },
            ],
          },
        ],
      },
    ],
    leadProfessional: { careTeamMemberId: PRIYA, name: 'Priya Shah' },
    review: { date: '2026-09-01', responsibleCareTeamMemberId: null, responsibleName: '' },
  };
}

describe('plan version differences', () => {
  test('two identical plans have no differences', () => {
    assert.deepEqual(planDifferences(aishaPlan(), aishaPlan()), []);
    assert.deepEqual(planDifferences(emptyPlan(), emptyPlan()), []);
  });

  test('says what changed in plain words: statuses, scores and dates as people read them', () => {
    const after = aishaPlan();
    after.needs[0]!.goals[0]!.status = 'achieved';
    after.needs[0]!.goals[0]!.importance = 10;
    after.needs[0]!.goals[0]!.actions[0]!.byWhen = '2026-08-15';
    after.review.date = '2026-12-01';
    assert.deepEqual(planDifferences(aishaPlan(), after), [
      {
        sectionKey: 'needs',
        section: 'Needs, goals and actions',
        field: '“Walk to the shop again”: how much it matters',
        before: '8 out of 10',
        after: '10 out of 10',
      },
      {
        sectionKey: 'needs',
        section: 'Needs, goals and actions',
        field: '“Walk to the shop again”: progress',
        before: 'In progress',
        after: 'Achieved',
      },
      {
        sectionKey: 'needs',
        section: 'Needs, goals and actions',
        field: '“Physio visits”: by when',
        before: '1 July 2026',
        after: '15 August 2026',
      },
      {
        sectionKey: 'review',
        section: 'Review',
        field: 'Review date',
        before: '1 September 2026',
        after: '1 December 2026',
      },
    ]);
  });

  test('a removed need is shown under its own section, with what it said before', () => {
    const after = aishaPlan();
    after.needs = [];
    after.funding = 'Council personal budget';
    const differences = planDifferences(aishaPlan(), after);
    assert.deepEqual(
      differences.map((d) => d.sectionKey),
      [...Array(differences.length - 1).fill('needs'), 'funding'],
    );
    assert.deepEqual(differences[0], {
      sectionKey: 'needs',
      section: 'Needs, goals and actions',
      field: 'Need',
      before: 'Getting out of the house',
      after: '',
    });
    assert.ok(differences.every((d) => d.sectionKey === 'funding' || d.after === ''));
  });

  test('rewording a need is one change, not a removal and an addition', () => {
    const after = aishaPlan();
    after.needs[0]!.description = 'Getting out and about';
    assert.deepEqual(planDifferences(aishaPlan(), after), [
      {
        sectionKey: 'needs',
        section: 'Needs, goals and actions',
        field: 'Need',
        before: 'Getting out of the house',
        after: 'Getting out and about',
      },
    ]);
  });

  test('people involved are named, and someone not known any more is still shown', () => {
    const after = aishaPlan();
    after.involved.careTeamMemberIds = [PRIYA, GOAL];
    const names = new Map([[PRIYA, 'Priya Shah']]);
    assert.deepEqual(
      planDifferences(aishaPlan(), after, (id) => names.get(id)),
      [
        {
          sectionKey: 'people',
          section: 'Who is involved',
          field: 'Care team members involved',
          before: '',
          after: 'Priya Shah, Someone no longer listed',
        },
      ],
    );
  });

  test('every field is labelled under a section in task-list order', () => {
    const fields = planFields(aishaPlan());
    assert.equal(new Set(fields.map((field) => field.key)).size, fields.length, 'keys are unique');
    assert.deepEqual(
      [...new Set(fields.map((field) => field.sectionKey))],
      ['what-matters', 'strengths', 'needs', 'contingency', 'people', 'review', 'funding'],
    );
  });
});

// Property tests over any plan the schema allows.
const id = fc.uuid();
const words = fc.string({ maxLength: 12 });
const someWords = fc.string({ minLength: 1, maxLength: 12 });
const score = fc.option(fc.integer({ min: 0, max: 10 }), { nil: null });
const day = fc.option(
  fc
    .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  { nil: null },
);
const action = fc.record({
  id,
  what: someWords,
  owner: fc.record({ kind: fc.constantFrom(...ACTION_OWNER_KINDS), id: fc.option(id, { nil: null }), name: someWords }),
  byWhen: day,
  status: fc.constantFrom(...ACTION_STATUSES),
  confidence: score,
  reviewDate: day,
});
const goal = fc.record({
  id,
  inOwnWords: someWords,
  importance: score,
  status: fc.constantFrom(...GOAL_STATUSES),
  outcomes: words,
  actions: fc.uniqueArray(action, { maxLength: 3, selector: (item) => item.id }),
});
const need = fc.record({
  id,
  description: someWords,
  goals: fc.uniqueArray(goal, { maxLength: 3, selector: (item) => item.id }),
});
const risk = fc.record({
  id,
  risk: someWords,
  gains: words,
  couldGoWrong: words,
  safeguards: words,
  personView: words,
  agreedBy: words,
});
const plan: fc.Arbitrary<PlanContent> = fc.record({
  whatMatters: words,
  strengths: words,
  needs: fc.uniqueArray(need, { maxLength: 3, selector: (item) => item.id }),
  contingency: fc.record({
    triggers: words,
    earlyWarningSigns: words,
    whatShouldHappen: words,
    whoToContact: words,
    copingStrategies: words,
    advanceStatements: words,
  }),
  riskDecisions: fc.uniqueArray(risk, { maxLength: 3, selector: (item) => item.id }),
  involved: fc.record({
    careTeamMemberIds: fc.uniqueArray(id, { maxLength: 3 }),
    circleMemberIds: fc.uniqueArray(id, { maxLength: 3 }),
  }),
  leadProfessional: fc.option(fc.record({ careTeamMemberId: id, name: words }), { nil: null }),
  review: fc.record({ date: day, responsibleCareTeamMemberId: fc.option(id, { nil: null }), responsibleName: words }),
  funding: words,
});

/** New values for a field: a different text, score, date or choice from the one there. */
type Fresh = { text: string; score: number; date: string; pick: number; id: string };
const otherText = (old: string, fresh: Fresh) => (fresh.text === old ? `${old}!` : fresh.text);
const otherScore = (old: number | null, fresh: Fresh) => (old === fresh.score ? (fresh.score + 1) % 11 : fresh.score);
const otherDate = (old: string | null, fresh: Fresh) => (old === fresh.date ? '2031-01-01' : fresh.date);
const otherChoice = <T>(choices: readonly T[], old: T, fresh: Fresh) =>
  choices.filter((choice) => choice !== old)[fresh.pick % (choices.length - 1)]!;

/** Each changes exactly one field of a plan, or answers false when the plan has no such field. */
const ONE_FIELD_CHANGES: ((p: PlanContent, fresh: Fresh) => boolean)[] = [
  (p, f) => ((p.whatMatters = otherText(p.whatMatters, f)), true),
  (p, f) => ((p.strengths = otherText(p.strengths, f)), true),
  (p, f) => ((p.funding = otherText(p.funding, f)), true),
  (p, f) => {
    const key = otherChoice(Object.keys(p.contingency) as (keyof PlanContent['contingency'])[], 'triggers', f);
    p.contingency[key] = otherText(p.contingency[key], f);
    return true;
  },
  (p, f) => ((p.review.date = otherDate(p.review.date, f)), true),
  (p, f) => ((p.review.responsibleName = otherText(p.review.responsibleName, f)), true),
  (p, f) => (
    (p.review.responsibleCareTeamMemberId = p.review.responsibleCareTeamMemberId === f.id ? null : f.id),
    true
  ),
  (p, f) => ((p.leadProfessional = p.leadProfessional ? null : { careTeamMemberId: f.id, name: f.text }), true),
  (p, f) => (p.leadProfessional ? ((p.leadProfessional.name = otherText(p.leadProfessional.name, f)), true) : false),
  (p, f) => (p.involved.careTeamMemberIds.includes(f.id) ? false : (p.involved.careTeamMemberIds.push(f.id), true)),
  (p, f) => (p.involved.circleMemberIds.includes(f.id) ? false : (p.involved.circleMemberIds.push(f.id), true)),
  (p, f) => withItem(p.needs, f, (n) => (n.description = otherText(n.description, f))),
  (p, f) =>
    withItem(
      p.needs.flatMap((n) => n.goals),
      f,
      (g) => (g.inOwnWords = otherText(g.inOwnWords, f)),
    ),
  (p, f) =>
    withItem(
      p.needs.flatMap((n) => n.goals),
      f,
      (g) => (g.importance = otherScore(g.importance, f)),
    ),
  (p, f) =>
    withItem(
      p.needs.flatMap((n) => n.goals),
      f,
      (g) => (g.status = otherChoice(GOAL_STATUSES, g.status, f)),
    ),
  (p, f) =>
    withItem(
      p.needs.flatMap((n) => n.goals),
      f,
      (g) => (g.outcomes = otherText(g.outcomes, f)),
    ),
  (p, f) => withItem(allActions(p), f, (a) => (a.what = otherText(a.what, f))),
  (p, f) => withItem(allActions(p), f, (a) => (a.owner.name = otherText(a.owner.name, f))),
  (p, f) => withItem(allActions(p), f, (a) => (a.owner.kind = otherChoice(ACTION_OWNER_KINDS, a.owner.kind, f))),
  (p, f) => withItem(allActions(p), f, (a) => (a.owner.id = a.owner.id === f.id ? null : f.id)),
  (p, f) => withItem(allActions(p), f, (a) => (a.byWhen = otherDate(a.byWhen, f))),
  (p, f) => withItem(allActions(p), f, (a) => (a.status = otherChoice(ACTION_STATUSES, a.status, f))),
  (p, f) => withItem(allActions(p), f, (a) => (a.confidence = otherScore(a.confidence, f))),
  (p, f) => withItem(allActions(p), f, (a) => (a.reviewDate = otherDate(a.reviewDate, f))),
  (p, f) => withItem(p.riskDecisions, f, (r) => (r.risk = otherText(r.risk, f))),
  (p, f) => withItem(p.riskDecisions, f, (r) => (r.personView = otherText(r.personView, f))),
  (p, f) => withItem(p.riskDecisions, f, (r) => (r.safeguards = otherText(r.safeguards, f))),
];
const allActions = (p: PlanContent) => p.needs.flatMap((n) => n.goals.flatMap((g) => g.actions));
function withItem<T>(items: T[], fresh: Fresh, change: (item: T) => unknown): boolean {
  if (!items.length) return false;
  change(items[fresh.pick % items.length]!);
  return true;
}

const fresh: fc.Arbitrary<Fresh> = fc.record({
  text: someWords,
  score: fc.integer({ min: 0, max: 10 }),
  date: fc
    .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  pick: fc.nat(),
  id,
});

describe('plan version differences, for any plan', () => {
  test('a plan compared with itself has no differences', () => {
    fc.assert(fc.property(plan, (content) => planDifferences(content, structuredClone(content)).length === 0));
  });

  test('any single field change is reported exactly once, both ways round', () => {
    fc.assert(
      fc.property(plan, fc.nat({ max: ONE_FIELD_CHANGES.length - 1 }), fresh, (before, which, values) => {
        const after = structuredClone(before);
        fc.pre(ONE_FIELD_CHANGES[which]!(after, values));
        assert.equal(planDifferences(before, after).length, 1);
        assert.equal(planDifferences(after, before).length, 1);
      }),
      { numRuns: 500 },
    );
  });
});
