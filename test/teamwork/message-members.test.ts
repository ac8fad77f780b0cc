import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  choosableCircle,
  conversationsFor,
  recipientsOf,
  teamMembers,
  type CircleFact,
  type MessageFacts,
} from '../../src/modules/teamwork/message-members.ts';

// Who takes part in which conversation, from facts written out here: the rules with no database.

const TODAY = '2026-12-01';
const at = new Date('2026-11-01T10:00:00Z');
const member = (id: string, name: string, extra: Partial<CircleFact> = {}): CircleFact => ({
  id,
  name,
  relationship: 'Friend',
  may_act_for_person: false,
  authority_from: null,
  authority_until: null,
  ended_at: null,
  ...extra,
});
const place = (id: string, name: string, until: string | null = null, from = '2026-01-01') => ({
  staff_account_id: id,
  staff_name: name,
  job_title: 'Social worker',
  from_date: from,
  until_date: until,
});

function facts(overrides: Partial<MessageFacts> = {}): MessageFacts {
  return {
    today: TODAY,
    circle: [
      member('c-fatima', 'Fatima', { may_act_for_person: true, authority_from: '2023-06-12' }),
      member('c-bill', 'Bill'),
      member('c-omar', 'Omar'),
      member('c-left', 'Left', { ended_at: at }),
      member('c-ended-authority', 'Ended', { may_act_for_person: true, authority_until: '2026-01-01' }),
    ],
    accounts: [
      { account_id: 'a-aisha', acting_as: 'self', circle_member_id: null, disabled_at: null },
      { account_id: 'a-fatima', acting_as: 'circle_member', circle_member_id: 'c-fatima', disabled_at: null },
      { account_id: 'a-bill', acting_as: 'circle_member', circle_member_id: 'c-bill', disabled_at: null },
      { account_id: 'a-left', acting_as: 'circle_member', circle_member_id: 'c-left', disabled_at: null },
      { account_id: 'a-ended', acting_as: 'circle_member', circle_member_id: 'c-ended-authority', disabled_at: null },
    ],
    places: [
      place('s-priya', 'Priya'),
      place('s-tom', 'Tom'),
      place('s-gone', 'Gone', '2026-06-30'),
      place('s-later', 'Later', null, '2027-01-01'),
      place('s-helen', 'Helen'),
    ],
    staffRoles: new Map([
      ['s-priya', 'practitioner'],
      ['s-tom', 'practitioner'],
      ['s-gone', 'practitioner'],
      ['s-later', 'practitioner'],
      ['s-helen', 'manager'],
    ]),
    conversations: [
      { id: 'team-1', kind: 'team', staff_account_id: null, opened_at: at },
      { id: 'one-priya', kind: 'one_to_one', staff_account_id: 's-priya', opened_at: at },
      { id: 'one-gone', kind: 'one_to_one', staff_account_id: 's-gone', opened_at: at },
    ],
    choices: [
      // Newest first: Bill was added, then taken out, then added again; the one-to-one with Priya is allowed.
      choice('team-1', 'circle_member', 'c-bill', true),
      choice('team-1', 'circle_member', 'c-bill', false),
      choice('team-1', 'circle_member', 'c-left', true),
      choice('one-priya', 'staff', 's-priya', true),
      choice('one-gone', 'staff', 's-gone', true),
    ],
    ...overrides,
  };
}

function choice(conversation: string, kind: 'circle_member' | 'staff', id: string, takingPart: boolean) {
  return {
    id: `${conversation}-${id}-${String(takingPart)}`,
    conversation_id: conversation,
    member_kind: kind,
    member_id: id,
    taking_part: takingPart,
    made_by_kind: 'citizen' as const,
    made_by_id: 'a-aisha',
    made_by_name: 'Aisha',
    made_at: at,
  };
}

const keys = (views: { key: string }[]) => views.map((view) => view.key);

describe('who takes part in messages', () => {
  test('the team is the practitioners with a place today and an open account', () => {
    assert.deepEqual(
      teamMembers(facts()).map((m) => m.id),
      ['s-priya', 's-tom'],
    );
    assert.deepEqual(teamMembers(facts({ staffRoles: new Map() })), [], 'closed accounts are nobody');
  });

  test('the person chooses among current circle members with accounts who do not act for them; the newest choice counts', () => {
    assert.deepEqual(
      choosableCircle(facts()).map((m) => [m.id, m.chosen]),
      [
        ['c-bill', true],
        ['c-ended-authority', false],
      ],
    );
  });

  test('each viewer’s conversations', () => {
    assert.deepEqual(keys(conversationsFor(facts(), { kind: 'person', accountId: 'a-aisha' })), [
      'team',
      'one-priya',
      'one-gone',
    ]);
    const forPerson = conversationsFor(facts(), { kind: 'person', accountId: 'a-aisha' });
    assert.deepEqual(
      forPerson.map((view) => view.open),
      [true, true, false],
      'with someone who has left the team, closed',
    );
    assert.deepEqual(keys(conversationsFor(facts(), { kind: 'staff', id: 's-priya' })), ['team', 'one-priya']);
    assert.deepEqual(keys(conversationsFor(facts(), { kind: 'staff', id: 's-tom' })), ['team']);
    assert.deepEqual(keys(conversationsFor(facts(), { kind: 'staff', id: 's-gone' })), [], 'left the team');
    assert.deepEqual(keys(conversationsFor(facts(), { kind: 'staff', id: 's-helen' })), [], 'not a practitioner');
    const circle = (id: string) =>
      keys(conversationsFor(facts(), { kind: 'circle_member', accountId: 'x', circleMemberId: id }));
    assert.deepEqual(circle('c-bill'), ['team']);
    assert.deepEqual(circle('c-omar'), [], 'not chosen');
    assert.deepEqual(circle('c-left'), [], 'chosen once, but has left the circle');
    const withdrawn = facts({ choices: [choice('one-priya', 'staff', 's-priya', false), ...facts().choices] });
    assert.deepEqual(keys(conversationsFor(withdrawn, { kind: 'staff', id: 's-priya' })), ['team']);
  });

  test('everyone in a conversation is told of a new message but its author', () => {
    const f = facts();
    const [team, onePriya] = conversationsFor(f, { kind: 'person', accountId: 'a-aisha' });
    const ids = (recipients: { accountId: string }[]) => recipients.map((r) => r.accountId).sort();
    assert.deepEqual(ids(recipientsOf(f, team!, { kind: 'staff', accountId: 's-priya' })), [
      'a-aisha',
      'a-bill',
      'a-fatima',
      's-tom',
    ]);
    assert.deepEqual(ids(recipientsOf(f, onePriya!, { kind: 'citizen', accountId: 'a-aisha' })), [
      'a-fatima',
      's-priya',
    ]);
    const closed = facts({
      accounts: f.accounts.map((account) =>
        account.account_id === 'a-bill' ? { ...account, disabled_at: at } : account,
      ),
    });
    assert.ok(!ids(recipientsOf(closed, team!, { kind: 'staff', accountId: 's-priya' })).includes('a-bill'));
  });
});
