import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatUkDateTime } from '../../src/dates.ts';
import { changesInWords, planDrafts, type SideAgreement } from '../../src/modules/plans/drafts.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 3, 10, minute));
/** Saves 1 … count, a minute apart. */
const saves = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ number: index + 1, saved_at: at(index) }));
const agreedBy = (number: number, party: string, minute: number): SideAgreement => ({
  version_number: number,
  party,
  agreed_at: at(minute),
});
/** Both sides agreed save `number`: the person at `minute`, the lead professional a minute later. */
const bothAgreed = (number: number, minute: number) => [
  agreedBy(number, 'person', minute),
  agreedBy(number, 'lead_professional', minute + 1),
];

describe('Drafts between agreed versions', () => {
  test('with nothing agreed, every save is the first draft, named by the newest', () => {
    const drafts = planDrafts(saves(3), [agreedBy(2, 'person', 5)]);
    assert.deepEqual(drafts.agreed, []);
    assert.deepEqual(drafts.draft, { saves: [1, 2, 3], first: true, newest: 3 });
    assert.equal(drafts.labelOf(3), 'the draft');
    assert.equal(drafts.labelOf(2), `the draft as saved on ${formatUkDateTime(at(1))}`);
    assert.equal(drafts.labelOf(4), undefined, 'never saved');
    assert.equal(drafts.version(1), undefined);
  });

  test('six saves after version 1 make one draft; the agreed saves are numbered 1, 2 … in order', () => {
    // Saves 1–3 made version 1 (save 3), saves 4–5 made version 2 (save 5), saves 6–11 are the draft.
    const drafts = planDrafts(saves(11).toReversed(), [...bothAgreed(5, 40), ...bothAgreed(3, 20)]);
    assert.deepEqual(
      drafts.agreed.map((version) => [version.ordinal, version.label, version.number, version.saves]),
      [
        [1, 'version 1', 3, [1, 2, 3]],
        [2, 'version 2', 5, [4, 5]],
      ],
    );
    assert.deepEqual(drafts.agreed[1]!.agreedAt, at(41), 'agreed when the second side agreed');
    assert.deepEqual(drafts.draft, { saves: [6, 7, 8, 9, 10, 11], first: false, newest: 11 });
    assert.deepEqual(
      [3, 5, 11, 4].map((number) => drafts.labelOf(number)),
      ['version 1', 'version 2', 'the draft', `the draft as saved on ${formatUkDateTime(at(3))}`],
    );
    assert.equal(drafts.version(2)?.number, 5);
    assert.equal(drafts.version(3), undefined);
  });

  test('a save agreed by one side only stays in the draft; when the newest save is agreed there is no draft', () => {
    const oneSide = planDrafts(saves(4), [...bothAgreed(2, 10), agreedBy(4, 'lead_professional', 12)]);
    assert.deepEqual(oneSide.draft, { saves: [3, 4], first: false, newest: 4 });
    const agreed = planDrafts(saves(4), [...bothAgreed(2, 10), ...bothAgreed(4, 12)]);
    assert.equal(agreed.draft, null);
    assert.equal(agreed.labelOf(4), 'version 2');
  });

  test('any saves and agreements: each save is in exactly one agreed version or the draft, in order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.record({ save: fc.nat(), party: fc.constantFrom('person', 'lead_professional') })),
        (count, picked) => {
          const agreements = picked.map((one, index) => agreedBy((one.save % count) + 1, one.party, index));
          const drafts = planDrafts(saves(count), agreements);
          const covered = [...drafts.agreed.flatMap((version) => version.saves), ...(drafts.draft?.saves ?? [])];
          assert.deepEqual(
            covered,
            saves(count).map((save) => save.number),
          );
          for (const [index, version] of drafts.agreed.entries()) {
            assert.equal(version.label, `version ${index + 1}`);
            assert.equal(version.saves.at(-1), version.number);
          }
          for (let number = 1; number <= count; number += 1) assert.ok(drafts.labelOf(number));
        },
      ),
    );
  });

  test('changes are counted in words', () => {
    assert.deepEqual([1, 6].map(changesInWords), ['1 change', '6 changes']);
  });
});
