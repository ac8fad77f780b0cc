import type { Actor } from './actor.ts';

// The contract every module reaches person data through. The access module implements it (its data context);
// modules type their services against it with the stores they use, so no module imports another's internals.

/** The parts of a person's record that sharing choices are made about. */
export const RECORD_PARTS = ['details', 'about_me', 'contacts', 'plan', 'budget', 'notes'] as const;
export type RecordPart = (typeof RECORD_PARTS)[number];
export const isRecordPart = (part: string): part is RecordPart => (RECORD_PARTS as readonly string[]).includes(part);

/**
 * Sections of the plan a person can share on their own, without the rest of the plan: the crisis plan with a care
 * home, say. Sharing the whole `plan` shares every section; a section shared on its own is read-only, and every other
 * page of the plan still needs the whole plan. The money for the plan is shared only with the whole plan.
 */
export const PLAN_SECTION_PARTS = ['plan_about', 'plan_needs', 'plan_crisis', 'plan_risks', 'plan_people'] as const;
export type PlanSectionPart = (typeof PLAN_SECTION_PARTS)[number];
export const isPlanSectionPart = (part: string): part is PlanSectionPart =>
  (PLAN_SECTION_PARTS as readonly string[]).includes(part);

/** What a sharing choice can name: a part of the record, or a section of the plan on its own. */
export const SHAREABLE_PARTS = [...RECORD_PARTS, ...PLAN_SECTION_PARTS] as const;
export type ShareablePart = RecordPart | PlanSectionPart;
export const isShareablePart = (part: string): part is ShareablePart => isRecordPart(part) || isPlanSectionPart(part);

/**
 * What can be asked for: a part of the record, the person's access log, their sharing choices, their care team,
 * what was sent to a panel about them ('panel_case', which the panel reads instead of the record), or the messages
 * between the person, their circle and their team ('messages': the door needs the relationship only; who takes part
 * in each conversation is the messages' own rule), or their referrals to community services ('community_referral':
 * the service reads the copy the person chose to share through it, never the record).
 */
export type AccessPart =
  ShareablePart | 'access_log' | 'sharing' | 'care_team' | 'panel_case' | 'messages' | 'community_referral';
export const EVERY_PART: readonly AccessPart[] = [
  ...SHAREABLE_PARTS,
  'access_log',
  'sharing',
  'care_team',
  'panel_case',
  'messages',
  'community_referral',
];
export type AccessAction = 'read' | 'write';
/**
 * Why someone reached a record; 'staff_leaving' is an administrator handing over a leaver's care-team places, and
 * 'panel' a panel member deciding on a case referred to their organisation's panel, and 'referral' a community
 * service's staff answering a referral to it.
 */
export type AccessPurpose =
  | 'care'
  | 'emergency'
  | 'self'
  | 'representative'
  | 'circle'
  | 'privacy_review'
  | 'staff_leaving'
  | 'panel'
  | 'referral';

/** An emergency ("break-glass") grant the decision relied on. */
export type EmergencyGrant = { id: string; expiresAt: Date };

/**
 * Why the actor may do what they asked, handed to the work with the stores. `may` answers for any other part
 * and action from the same facts, so a page never asks the database twice. `authorityEndedOn` is the last day
 * a representative could act for the person, once that day has passed; otherwise null.
 */
export type AllowedDecision = {
  /** Whose record this is. */
  personId: string;
  purpose: AccessPurpose;
  part: AccessPart;
  /** The grant this access needed: only when nothing but emergency access allows it. */
  emergencyGrant: EmergencyGrant | null;
  readableParts: AccessPart[];
  authorityEndedOn: string | null;
  may: (part: AccessPart, action?: AccessAction) => boolean;
};

/** The work done for one person: it gets that person's stores, already bound to them, and the decision. */
export type PersonWork<S, T> = (stores: S, decision: AllowedDecision) => Promise<T>;

/** One person in a list, as `list` returns them: who, and what the page may show of them. */
export type Listed<T> = { personId: string; shown: T };

/**
 * The one way to person data. Every call checks the actor's role, relationship and the person's sharing choices
 * before anything of the record is read, runs the work with stores bound to that one person, and writes the access
 * log: a write in one transaction with its log row; a read with stores that cannot change anything, handing back
 * its result only once its log row is committed. Outside the actor's scope a person does not exist: 404. The work
 * cannot call the data context again: everything it needs is in its stores and its decision.
 */
export interface PersonData<S> {
  readonly actor: Actor | null;
  /** Reads part of a record; `summary` says in plain words what was seen, for the person's access log. */
  read<T>(personId: string, part: AccessPart, summary: string, work: PersonWork<S, T>): Promise<T>;
  /**
   * A read whose work also records that the reader has seen it (a notice marked as seen): allowed, and logged, as a
   * read of `part`, in one transaction whose stores may write. Nothing else in the record is changed this way. A
   * plain `read` cannot change anything.
   */
  readAndRecordSeen<T>(personId: string, part: AccessPart, summary: string, work: PersonWork<S, T>): Promise<T>;
  /** Changes part of a record; `summary` says what was changed. */
  write<T>(personId: string, part: AccessPart, summary: string, work: PersonWork<S, T>): Promise<T>;
  /** Reads under the first of `parts` the actor may read, as a record's home page does; `summary` is worded for it. */
  readFirst<T>(
    personId: string,
    parts: readonly AccessPart[],
    summary: (part: AccessPart) => string,
    work: PersonWork<S, T>,
  ): Promise<T>;
  /**
   * Checks without reading, for a form sent with mistakes: the decision when allowed, else the refusal is
   * logged and the answer is 404, as a refused read or write would be.
   */
  check(personId: string, part: AccessPart, action: AccessAction, summary: string): Promise<AllowedDecision>;
  /**
   * Starts a new person's record, for staff whose role registers people (anyone else: 404). `work` gets the new
   * person's id and their stores, in one transaction, and must leave the record open to the registrant by the
   * ordinary rules (a care-team place and the person's sharing choices), or nothing is kept. Logged as a write
   * of the details; `summary` says what.
   */
  register<T>(
    summary: string,
    work: (stores: S, personId: string) => Promise<T>,
  ): Promise<{ personId: string; result: T }>;
  /**
   * Pages that list many people: each candidate is checked (under the first of `parts` the actor may read),
   * `show` runs with that person's own stores, and every person shown (`show` answered something) gets a log
   * row saying what. Refused candidates, and those `show` leaves out, are neither listed nor logged. The list is
   * handed back once its log rows are committed; the order of `personIds` is kept.
   */
  list<T>(
    personIds: readonly string[],
    parts: AccessPart | readonly AccessPart[],
    summary: string,
    show: PersonWork<S, T | undefined>,
  ): Promise<Listed<T>[]>;
  /**
   * Ids only: those of `personIds` of whom the actor may read `part` (or the first of `parts` they may read) for one
   * of `purposes`, in the order given, for a page that counts and pages through many people. Nothing of their
   * records is read, so nothing is logged; the people a page shows are then read with `list`, which logs each of them.
   */
  listable(
    personIds: readonly string[],
    parts: AccessPart | readonly AccessPart[],
    purposes: readonly AccessPurpose[],
  ): Promise<string[]>;
}
