import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  agreementText,
  mayDecideNow,
  termsProblems,
  whoMayAgree,
  type CapacityAssessment,
  type DirectPaymentTerms,
  type TopUpTerms,
  type WouldBeAgreer,
} from '../../src/modules/budgets/agreement-terms.ts';

const TOP_UP: TopUpTerms = {
  kind: 'top_up',
  payer: 'Fatima Khan (your daughter)',
  payee: 'Oakfield Care Home',
  councilName: 'Northbrook Council',
  homeFeePence: 71_600,
  councilPaysPence: 70_000,
  amountPence: 1_600,
  frequency: 'weekly',
  startsOn: '2027-01-04',
  ifItStops: 'The council will look at your needs again. You will not have to leave the home while it does',
  howToEnd: 'Write to Priya Shah at Northbrook Council.',
  noticeWeeks: 4,
};

const DIRECT: DirectPaymentTerms = {
  kind: 'direct_payment',
  payer: 'Northbrook Council',
  payee: 'you',
  amountPence: 36_000,
  frequency: 'every_four_weeks',
  startsOn: '2027-01-04',
  paysFor: 'a personal assistant for 6 hours a week',
  ifItStops: 'The council will arrange your support for you until it starts again.',
  howToEnd: 'Tell your social worker.',
  noticeWeeks: 1,
};

const CANNOT: CapacityAssessment = {
  assessedOn: '2026-12-01',
  assessedBy: 'Priya Shah, social worker',
  outcome: 'cannot',
  involvement: 'We went through it at home with an Urdu interpreter.',
  wishes: 'She wants to stay at Oakfield, near her garden club.',
};

const words = (terms: TopUpTerms | DirectPaymentTerms) =>
  agreementText(terms)
    .map((section) => `${section.heading}: ${section.sentences.join(' ')}`)
    .join('\n');

describe('The words of a money agreement', () => {
  test('a top-up says who pays what, to whom, how often, from when, why, if it stops, and how to end it', () => {
    const text = words(TOP_UP);
    assert.match(text, /This agreement is about paying for your place at Oakfield Care Home\./);
    assert.match(text, /Oakfield Care Home charges £716\.00 a week\./);
    assert.match(text, /Northbrook Council pays £700\.00 a week\./);
    assert.match(text, /The difference is £16\.00 a week\. This extra payment is called a top-up\./);
    assert.match(
      text,
      /Fatima Khan \(your daughter\) will pay the top-up of £16\.00 every week to Oakfield Care Home\./,
    );
    assert.match(text, /The first payment is for the week that starts on 4 January 2027\./);
    assert.match(text, /That is £832\.00 over a year\./);
    assert.match(text, /If Fatima Khan \(your daughter\) cannot keep paying, tell your social worker straight away\./);
    // The practitioner's own words get their full stop.
    assert.match(text, /You will not have to leave the home while it does\./);
    assert.match(
      text,
      /You, Fatima Khan \(your daughter\) or Oakfield Care Home can end this agreement by giving 4 weeks’ notice\. Notice means telling the others in writing when it will end, at least 4 weeks before\./,
    );
    assert.match(text, /Write to Priya Shah at Northbrook Council\./);
  });

  test('a direct payment explains the words, the duties and the review', () => {
    const text = words(DIRECT);
    assert.match(text, /A direct payment is money paid to you, or to someone for you/);
    assert.match(text, /Northbrook Council will pay £360\.00 every 4 weeks to you\./);
    assert.match(text, /The money is for: a personal assistant for 6 hours a week\./);
    assert.match(text, /Keep receipts and bank statements/);
    assert.match(text, /within 6 months, then at least once a year/);
    assert.match(text, /You or Northbrook Council can end this agreement by giving 1 week’s notice\./);
    assert.match(text, /at least 1 week before\./);
  });

  test('every sentence is short: no more than 30 words', () => {
    for (const terms of [TOP_UP, DIRECT])
      for (const section of agreementText(terms))
        for (const sentence of section.sentences)
          for (const part of sentence.split(/(?<=\.) /)) assert.ok(part.split(/\s+/).length <= 30, `Too long: ${part}`);
  });

  test('a top-up must be exactly the difference between the fee and what the council pays', () => {
    assert.deepEqual(termsProblems(TOP_UP), []);
    assert.deepEqual(termsProblems({ ...TOP_UP, amountPence: 1_500 }), [
      {
        field: 'amount',
        message: 'The top-up must be the difference between the home’s fee and what the council pays: £16.00 a week',
      },
    ]);
    assert.deepEqual(termsProblems({ ...TOP_UP, homeFeePence: 70_000 }), [
      {
        field: 'home_fee',
        message: 'The home’s fee must be more than the £700.00 the council pays, or there is no top-up',
      },
    ]);
    assert.deepEqual(termsProblems(DIRECT), []);
  });
});

describe('Who may agree a money agreement (Mental Capacity Act 2005)', () => {
  const representative = (
    authorityType: Extract<WouldBeAgreer, { as: 'representative' }>['authorityType'],
    capacity: CapacityAssessment | null = CANNOT,
    authorityInForce = true,
  ) => whoMayAgree('Aisha Khan', { as: 'representative', authorityType, authorityInForce, capacity });

  test('the person agrees for themselves', () => {
    assert.deepEqual(whoMayAgree('Aisha Khan', { as: 'self' }), { may: true, as: 'self' });
  });

  test('staff never agree for the person', () => {
    assert.deepEqual(whoMayAgree('Aisha Khan', { as: 'staff' }), {
      may: false,
      reason:
        'Staff cannot agree a money agreement for Aisha Khan. Aisha Khan, or someone with authority over their money, must agree it.',
    });
  });

  test('someone in the circle who only reads cannot agree', () => {
    assert.deepEqual(whoMayAgree('Aisha Khan', { as: 'circle' }), {
      may: false,
      reason: 'Only Aisha Khan, or someone with authority over their money, can agree this.',
    });
  });

  test('an attorney for property and financial affairs, or a deputy for property and affairs, with capacity facts: yes', () => {
    assert.deepEqual(representative('lpa_property_finance'), { may: true, as: 'representative' });
    assert.deepEqual(representative('deputy_property_affairs'), { may: true, as: 'representative' });
  });

  test('an attorney for health and welfare is told it does not cover money, and what would', () => {
    assert.deepEqual(representative('lpa_health_welfare'), {
      may: false,
      reason:
        'Your lasting power of attorney for health and welfare covers decisions about care and health, not money. So you cannot agree to this for Aisha Khan. Only Aisha Khan can agree to it, or someone with a lasting power of attorney for property and financial affairs, or a deputy for property and affairs appointed by the court.',
    });
    assert.match(
      (representative('deputy_personal_welfare') as { reason: string }).reason,
      /^Your deputy for personal welfare \(Court of Protection\) covers decisions about care and health, not money\./,
    );
  });

  test('an appointee manages benefits only and may not sign', () => {
    assert.match(
      (representative('appointee') as { reason: string }).reason,
      /^As an appointee you manage Aisha Khan’s benefits only\. So you cannot agree to this for Aisha Khan\./,
    );
  });

  test('no recorded authority, or one not in force today: no', () => {
    assert.match(
      (representative(null) as { reason: string }).reason,
      /^You do not have a recorded authority to make decisions about Aisha Khan’s money\./,
    );
    assert.deepEqual(representative('lpa_property_finance', CANNOT, false), {
      may: false,
      reason: 'Your authority to act for Aisha Khan is not in force today, so you cannot agree for them.',
    });
  });

  test('money authority but no capacity assessment recorded: no', () => {
    assert.deepEqual(representative('lpa_property_finance', null), {
      may: false,
      reason:
        'Before you agree for Aisha Khan, record the assessment of whether they can make this decision themselves.',
    });
  });

  test('the assessment found the person can decide: they decide, not the attorney', () => {
    assert.deepEqual(representative('deputy_property_affairs', { ...CANNOT, outcome: 'can' }), {
      may: false,
      reason: 'The assessment found that Aisha Khan can make this decision. They must agree or say no for themselves.',
    });
  });

  test('nobody answers before it is explained, and nobody answers twice', () => {
    assert.equal(mayDecideNow({ explained: true, decided: false }), null);
    assert.match(mayDecideNow({ explained: false, decided: false })!, /^Nobody has recorded explaining this agreement/);
    assert.match(mayDecideNow({ explained: true, decided: true })!, /^This agreement has already been answered\./);
  });
});
