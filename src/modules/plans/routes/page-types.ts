import type { z } from 'zod';
import type { Action, Goal, Need, PlanContent, RiskDecision } from '../content.ts';
import type { PlanPeople, PlanSection } from '../editing-service.ts';
import type { DateRule } from './fields.ts';

// The shape of one question page, shared by the pages and the conflict page that shows what was typed.

/** One row of the conflict page: a label and what it holds. */
export type SavedRow = { label: string; value: string };

/** The plan, who can be named in it, and the need, goal, action or positive-risk decision the page's address names. */
export type PageContext = {
  people: PlanPeople;
  today: string;
  plan: PlanContent;
  need?: Need;
  goal?: Goal;
  action?: Action;
  decision?: RiskDecision;
};

/** One question page: its form, how it fills from the plan, and how an answer changes the plan. */
export type QuestionPage = {
  section: PlanSection;
  template: string;
  title: string;
  /** Each date input on the page, with the rule that checks it (also used to mark the boxes in error). */
  dates?: (today: string) => Record<string, DateRule>;
  /** The fields shown again on the conflict page, with their labels. */
  labels: Record<string, string>;
  schema: (context: PageContext) => z.ZodType;
  values: (context: PageContext) => Record<string, unknown>;
  // Each page's answer has its own type, checked by the schema it is paired with: the pages differ only there.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  apply: (plan: PlanContent, answer: any, context: PageContext) => PlanContent;
  after: (base: string) => string;
  /** What the list of versions says changed; by default 'Changed: <section title>'. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  summary?: (answer: any, context: PageContext) => string;
  /** For a page with nothing to type, such as a removal: what the conflict page says was being done. */
  typed?: (context: PageContext) => SavedRow[];
  /** More for the template, such as the button's words when pages share one. */
  view?: (context: PageContext) => Record<string, unknown>;
};
