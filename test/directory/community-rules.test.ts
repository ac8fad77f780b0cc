import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { groupChanges, type ChangeRecord } from '../../src/modules/directory/change-history.ts';
import { changedFields, historyLabel, type ListingValues } from '../../src/modules/directory/listing-fields.ts';

const listing: ListingValues = {
  name: 'Tuesday Lunch Club',
  description: 'Lunch.',
  organisation: 'Synthetic Trust',
  address: '1 Synthetic Street',
  town: 'Testford',
  postcode: 'ZZ1 1AA',
  schedule: null,
  cost: null,
  phone: null,
  email: null,
  website: null,
};

describe('What a suggestion or a keeper would change', () => {
  test('only the details that differ, including one cleared or newly given', () => {
    assert.deepEqual(
      changedFields(listing, { name: 'Tuesday Lunch Club', postcode: 'ZZ1 2BB', phone: '01632 960 001' }),
      {
        postcode: 'ZZ1 2BB',
        phone: '01632 960 001',
      },
    );
    assert.deepEqual(changedFields(listing, { description: null }), { description: null });
    assert.deepEqual(changedFields(listing, {}), {});
    assert.deepEqual(changedFields(listing, listing), {});
  });

  test('a detail not mentioned is never changed, and one already empty is not cleared again', () => {
    assert.deepEqual(Object.keys(changedFields(listing, { name: 'Thursday Lunch Club' })), ['name']);
    assert.deepEqual(changedFields(listing, { cost: null, schedule: null }), {});
  });
});

describe('A listing’s history, grouped by save', () => {
  const at = new Date('2026-03-01T10:00:00Z');
  const later = new Date('2026-04-02T09:30:00Z');
  const record = (overrides: Partial<ChangeRecord>): ChangeRecord => ({
    object_type: 'service',
    field: 'name',
    old_value: 'Old',
    new_value: 'New',
    source: 'steward',
    changed_by_name: 'Sam Okoro',
    changed_at: at,
    ...overrides,
  });

  test('one group per moment, person and way, in the order given, each change named in the forms’ words', () => {
    const groups = groupChanges([
      record({
        changed_at: later,
        source: 'suggestion',
        field: 'assured_date',
        old_value: '2025-01-01',
        new_value: '2026-04-02',
      }),
      record({
        changed_at: later,
        source: 'suggestion',
        object_type: 'address',
        field: 'postal_code',
        old_value: 'ZZ1 1AA',
        new_value: 'ZZ1 2BB',
      }),
      record({}),
      record({ object_type: 'phone', field: 'number', old_value: null, new_value: '01632 960 001' }),
      record({ changed_by_name: 'Ola Keeper', field: 'url', old_value: 'https://a.example.org', new_value: null }),
    ]);
    assert.equal(groups.length, 3);
    assert.deepEqual(
      groups.map((group) => [group.how, group.by, group.changes.length]),
      [
        ['Suggestion accepted', 'Sam Okoro', 2],
        ['Changed by a directory keeper', 'Sam Okoro', 2],
        ['Changed by a directory keeper', 'Ola Keeper', 1],
      ],
    );
    assert.deepEqual(groups[0]!.changes, [
      { label: 'Last checked', from: '2025-01-01', to: '2026-04-02' },
      { label: 'Postcode', from: 'ZZ1 1AA', to: 'ZZ1 2BB' },
    ]);
    assert.deepEqual(groups[1]!.changes[1], { label: 'Phone', from: 'Nothing', to: '01632 960 001' });
    assert.deepEqual(groups[2]!.changes[0], { label: 'Website', from: 'https://a.example.org', to: 'Nothing' });
  });

  test('numbers show as numbers, and a field the forms do not name still reads as words', () => {
    const [group] = groupChanges([
      record({ object_type: 'location', field: 'latitude', old_value: 51.4, new_value: 51.6 }),
    ]);
    assert.deepEqual(group!.changes[0], { label: 'Latitude', from: '51.4', to: '51.6' });
    assert.equal(historyLabel('service', 'minimum_age'), 'service minimum age');
    assert.deepEqual(groupChanges([]), []);
  });
});
