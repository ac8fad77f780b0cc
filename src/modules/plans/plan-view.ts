import { formatUkDate } from '../../dates.ts';
import { inWords } from '../../text.ts';
import { PLAN_SECTIONS, type Action, type Goal, type PlanContent, type PlanSectionKey } from './content.ts';
import type { ContactView } from './plan-contacts.ts';

/**
 * One reading of a plan, shared by the printed page, the PDF and "my plan on a page", so the three
 * never disagree about what the plan says or how a value is worded.
 */

/** A label and what was written against it; a list when the value is several separate things. */
export type ViewRow = { label: string; value: string | string[] };
/** A titled group of rows (a need, a goal, an action, a risk decision), which may hold smaller groups. */
export type ViewCard = { heading: string; rows: ViewRow[]; cards: ViewCard[] };
export type ViewSection = {
  key: PlanSectionKey;
  title: string;
  /** The person's own words, for the sections that are theirs. */
  ownWords: string | null;
  rows: ViewRow[];
  cards: ViewCard[];
  /** Said instead of cards when a list section has nothing in it yet. */
  emptyText: string | null;
  /** How to reach the professionals the section names (who is involved), each with a `tel:` link. */
  contacts: ContactView[];
};

/** The facts printed on every page: whose plan, which version, and whether and by whom it was agreed. */
export type PlanHeader = {
  personName: string;
  /** Which version is printed, as a sentence names it: 'version 2', or 'the first draft' before any is agreed. */
  versionLabel: string;
  /** The same beside the word 'Version': '2', or 'First draft'. */
  versionValue: string;
  agreed: { on: Date; by: string[] } | null;
  /** Changes since the agreed version make a draft, which is not printed. */
  newerDraft: boolean;
  printedAt: Date;
};

/** Names of the people the plan refers to by id. */
export type InvolvedNames = { careTeam: Map<string, string>; circle: Map<string, string> };

/**
 * How a reading of the plan is made: the contact details of the professionals it names (none when left out), and
 * whether the person is named or called 'me' (a printed copy they chose to carry without their identity details).
 */
export type ViewOptions = { contacts?: readonly ContactView[]; nameThePerson?: boolean };

/** 'Phone 0113 496 0731. Email priya.shah@example.org. Works Monday to Thursday, 9am to 5pm.': in one line of text. */
export const contactLine = (contact: ContactView): string =>
  [contact.phone && `Phone ${contact.phone}.`, `Email ${contact.email}.`, contact.hours && `Works ${contact.hours}.`]
    .filter(Boolean)
    .join(' ');

const ownerName = (action: Action, nameThePerson: boolean): string =>
  action.owner.kind === 'person' ? (nameThePerson ? `${action.owner.name} (me)` : 'Me') : action.owner.name;

const contactFor = (action: Action, contacts: readonly ContactView[]): ContactView | undefined =>
  action.owner.kind === 'care_team_member'
    ? contacts.find((contact) => contact.placeId === action.owner.id)
    : undefined;

export const DRAFT_MARK = 'Draft – not yet agreed';
const NOT_WRITTEN = 'Not written yet';

const GOAL_STATUS: Record<Goal['status'], string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  achieved: 'Achieved',
  no_longer_wanted: 'No longer wanted',
};
const ACTION_STATUS: Record<Action['status'], string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
  stopped: 'Stopped',
};

const written = (text: string): string => text.trim() || NOT_WRITTEN;
const outOfTen = (score: number | null): string => (score === null ? 'Not given' : `${score} out of 10`);
const dateOrNot = (date: string | null, otherwise: string): string => (date ? formatUkDate(date) : otherwise);

/** 'Agreed on 3 March 2026 by Aisha Khan and Priya Shah, Social worker', or the draft mark. */
export const agreementLine = (header: PlanHeader): string =>
  header.agreed ? `Agreed on ${formatUkDate(header.agreed.on)} by ${inWords(header.agreed.by)}` : DRAFT_MARK;

/** The line repeated at the top of every printed page. */
export const runningHeader = (header: PlanHeader, copy = 'care and support plan'): string =>
  `${header.personName} – ${copy}, ${header.versionLabel} – ${agreementLine(header)}`;

export const planTitle = (header: PlanHeader): string =>
  `Care and support plan for ${header.personName}, ${header.versionLabel}`;

function actionCard(action: Action, index: number, options: Required<ViewOptions>): ViewCard {
  const contact = contactFor(action, options.contacts);
  return {
    heading: `Action ${index + 1}`,
    rows: [
      { label: 'What will happen', value: action.what },
      { label: 'Who will do it', value: ownerName(action, options.nameThePerson) },
      ...(contact ? [{ label: 'How to reach them', value: contactLine(contact) }] : []),
      { label: 'By when', value: dateOrNot(action.byWhen, 'No date set') },
      { label: 'Progress', value: ACTION_STATUS[action.status] },
      { label: 'How sure I am this will happen', value: outOfTen(action.confidence) },
      { label: 'When we will check on it', value: dateOrNot(action.reviewDate, 'No date set') },
    ],
    cards: [],
  };
}

function goalCard(goal: Goal, index: number, options: Required<ViewOptions>): ViewCard {
  return {
    heading: `Goal ${index + 1}`,
    rows: [
      { label: 'In my own words', value: goal.inOwnWords },
      { label: 'How much it matters to me', value: outOfTen(goal.importance) },
      { label: 'Progress', value: GOAL_STATUS[goal.status] },
      { label: 'What has changed', value: written(goal.outcomes) },
    ],
    cards: goal.actions.map((action, actionIndex) => actionCard(action, actionIndex, options)),
  };
}

const namesOf = (ids: string[], names: Map<string, string>): string[] =>
  ids.map((id) => names.get(id) ?? 'Someone no longer listed');

function sectionBody(
  key: PlanSectionKey,
  plan: PlanContent,
  names: InvolvedNames,
  options: Required<ViewOptions>,
): Omit<ViewSection, 'key' | 'title'> {
  const none = { ownWords: null, rows: [], cards: [], emptyText: null, contacts: [] };
  switch (key) {
    case 'what-matters':
      return { ...none, ownWords: written(plan.whatMatters) };
    case 'strengths':
      return { ...none, ownWords: written(plan.strengths) };
    case 'needs':
      return {
        ...none,
        cards: plan.needs.map((need, index) => ({
          heading: `Need ${index + 1}`,
          rows: [{ label: 'What I need', value: need.description }],
          cards: need.goals.map((goal, goalIndex) => goalCard(goal, goalIndex, options)),
        })),
        emptyText: plan.needs.length ? null : 'No needs written yet.',
      };
    case 'contingency': {
      const crisis = plan.contingency;
      return {
        ...none,
        rows: [
          { label: 'What can lead to a crisis', value: written(crisis.triggers) },
          { label: 'Early signs that I am not coping', value: written(crisis.earlyWarningSigns) },
          { label: 'What should happen', value: written(crisis.whatShouldHappen) },
          { label: 'Who to contact', value: written(crisis.whoToContact) },
          { label: 'What helps me cope', value: written(crisis.copingStrategies) },
          { label: 'What I have decided in advance', value: written(crisis.advanceStatements) },
        ],
      };
    }
    case 'risks':
      return {
        ...none,
        cards: plan.riskDecisions.map((decision, index) => ({
          heading: `Decision ${index + 1}`,
          rows: [
            { label: 'The risk', value: decision.risk },
            { label: 'What I gain', value: written(decision.gains) },
            { label: 'What could go wrong', value: written(decision.couldGoWrong) },
            { label: 'What will keep me safe', value: written(decision.safeguards) },
            { label: 'What I think', value: written(decision.personView) },
            { label: 'Who agreed', value: written(decision.agreedBy) },
          ],
          cards: [],
        })),
        emptyText: plan.riskDecisions.length ? null : 'No positive-risk decisions recorded.',
      };
    case 'people': {
      const team = namesOf(plan.involved.careTeamMemberIds, names.careTeam);
      const circle = namesOf(plan.involved.circleMemberIds, names.circle);
      return {
        ...none,
        rows: [
          { label: 'Lead professional', value: plan.leadProfessional?.name || 'Not chosen yet' },
          { label: 'Professionals', value: team.length ? team : 'None listed' },
          { label: 'Family, friends and others', value: circle.length ? circle : 'None listed' },
        ],
        contacts: [...options.contacts],
      };
    }
    case 'review':
      return {
        ...none,
        rows: [
          { label: 'Review date', value: dateOrNot(plan.review.date, 'No date set') },
          { label: 'Who will arrange it', value: plan.review.responsibleName || 'Not chosen yet' },
        ],
      };
    case 'funding':
      return { ...none, rows: [{ label: 'Where the money comes from', value: written(plan.funding) }] };
  }
}

/** The whole plan as ordered sections of labelled values. */
export const planSections = (plan: PlanContent, names: InvolvedNames, options: ViewOptions = {}): ViewSection[] => {
  const full = { contacts: options.contacts ?? [], nameThePerson: options.nameThePerson ?? true };
  return PLAN_SECTIONS.map((section) => ({
    key: section.key,
    title: section.title,
    ...sectionBody(section.key, plan, names, full),
  }));
};

/** An action at a glance: what, who, by when and how it is going, on one line. */
export type GlanceAction = {
  what: string;
  who: string;
  /** How to reach who will do it, when the plan names them from the care team. */
  contact: ContactView | null;
  byWhen: string | null;
  progress: string;
};
export type GlanceGoal = { words: string; progress: string; actions: GlanceAction[] };
export type GlanceNeed = { description: string; goals: GlanceGoal[] };

/**
 * The needs, goals and actions for the plan's home page: each need with its goals, each goal with its actions as
 * one line each, so the plan reads at a glance. The printed copy keeps every detail.
 */
export const glanceNeeds = (plan: PlanContent, contacts: readonly ContactView[] = []): GlanceNeed[] =>
  plan.needs.map((need) => ({
    description: need.description,
    goals: need.goals.map((goal) => ({
      words: goal.inOwnWords,
      progress: GOAL_STATUS[goal.status],
      actions: goal.actions.map((action) => ({
        what: action.what,
        who: ownerName(action, true),
        contact: contactFor(action, contacts) ?? null,
        byWhen: action.byWhen && formatUkDate(action.byWhen),
        progress: ACTION_STATUS[action.status],
      })),
    })),
  }));

/** A section for the plan's home: what is written, without a row of 'Not written yet' for each empty question. */
export function glanceSection(section: ViewSection): ViewSection {
  const rows = section.rows.filter((row) => row.value !== NOT_WRITTEN);
  const empty = section.ownWords === NOT_WRITTEN || (!section.ownWords && !rows.length && !section.cards.length);
  return {
    ...section,
    ownWords: section.ownWords === NOT_WRITTEN ? null : section.ownWords,
    rows,
    emptyText: section.emptyText ?? (empty ? 'Nothing written yet.' : null),
  };
}
