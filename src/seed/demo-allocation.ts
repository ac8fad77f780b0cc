import type { Db } from '../db/database.ts';
import { checkAllocationScheme, createAllocationSchemes, type AllocationScheme } from '../modules/budgets/index.ts';

// Northbridge City Council's resource-allocation scheme in the demo area: eight questions about day-to-day life,
// each answer worth points, and bands that turn the points into a yearly indicative amount. Invented for the demo.

const needs = (labels: [string, string, string, string]) =>
  labels.map((label, index) => ({ label, points: index * 2 }));

export const DEMO_ALLOCATION_SCHEME: AllocationScheme = {
  name: 'Northbridge adult social care allocation 2026',
  publishedOn: '2026-04-01',
  questions: [
    {
      key: 'eating',
      topic: 'eating and drinking',
      question: 'How much help is needed to eat and drink?',
      hint: 'Think about making a meal or a hot drink, and eating it.',
      options: needs([
        'None: manages on their own',
        'A little: reminders, or help cutting food',
        'Help at most meals',
        'Help at every meal and drink',
      ]),
    },
    {
      key: 'washing_dressing',
      topic: 'getting washed and dressed',
      question: 'How much help is needed to get washed and dressed?',
      hint: 'Include using the toilet, bathing and choosing clothes.',
      options: needs([
        'None: manages on their own',
        'A little: help with some things, some days',
        'Help every day with most of it',
        'Help with all of it, every day',
      ]),
    },
    {
      key: 'moving_about',
      topic: 'moving about at home',
      question: 'How much help is needed to move about at home?',
      hint: 'Include getting in and out of bed and up and down stairs.',
      options: needs([
        'None: moves about safely on their own',
        'A little: a stick, a rail or someone nearby',
        'One person helps most times',
        'Two people, or a hoist, are needed',
      ]),
    },
    {
      key: 'staying_safe',
      topic: 'staying safe',
      question: 'How much help is needed to stay safe at home and outside?',
      hint: 'Think about falls, forgetting the cooker, or being taken advantage of.',
      options: needs([
        'None: keeps safe on their own',
        'A little: a check-in now and then',
        'Someone needs to check every day',
        'Someone needs to be close by most of the time',
      ]),
    },
    {
      key: 'getting_out',
      topic: 'getting out and seeing people',
      question: 'How much help is needed to get out, see family and friends, and take part in things?',
      hint: 'Include clubs, faith groups, shops and the allotment.',
      options: needs([
        'None: gets out as much as they want',
        'A little: help with some trips',
        'Help with most trips out',
        'Cannot get out at all without help',
      ]),
    },
    {
      key: 'home',
      topic: 'looking after the home',
      question: 'How much help is needed to look after the home?',
      hint: 'Cleaning, laundry, shopping and paying bills.',
      options: needs([
        'None: manages the home on their own',
        'A little: help with heavy jobs',
        'Help with most jobs each week',
        'Help with all of it',
      ]),
    },
    {
      key: 'health',
      topic: 'medicines and health',
      question: 'How much help is needed with medicines and health?',
      hint: 'Taking medicines, appointments, and noticing when something is wrong.',
      options: needs([
        'None: manages on their own',
        'A little: reminders',
        'Someone gives medicines every day',
        'Daily help with health care, like dressings or a feeding tube',
      ]),
    },
    {
      key: 'carer',
      topic: 'the carer’s situation',
      question: 'How is the person who helps without pay managing?',
      hint: 'A family member, friend or neighbour who gives care.',
      options: needs([
        'They manage well and want to carry on as now',
        'They need regular breaks to carry on',
        'They are finding it very hard',
        'There is no one, or they cannot carry on',
      ]),
    },
  ],
  conversion: {
    kind: 'bands',
    bands: [
      { fromPoints: 0, amountPence: 0 },
      { fromPoints: 5, amountPence: 156_000 },
      { fromPoints: 12, amountPence: 416_000 },
      { fromPoints: 20, amountPence: 780_000 },
      { fromPoints: 30, amountPence: 1_248_000 },
      { fromPoints: 40, amountPence: 1_872_000 },
    ],
  },
};

/** Publishes the demo scheme for the council, checked as any imported scheme is. */
export async function seedDemoAllocationScheme(db: Db, councilId: string, now = new Date()): Promise<void> {
  const checked = checkAllocationScheme(DEMO_ALLOCATION_SCHEME);
  if (!checked.ok) throw new Error(`The demo allocation scheme is not valid: ${JSON.stringify(checked.problems)}`);
  await createAllocationSchemes(db).publish(councilId, checked.scheme, 'The demo data', now);
}
