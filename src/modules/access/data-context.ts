import type { Db } from '../../db/database.ts';
import { ukDate } from '../../dates.ts';
import { newId } from '../../ids.ts';
import { fullName } from '../people/index.ts';
import { AppError, notFound } from '../../web/errors.ts';
import type { Actor, StaffActor } from '../identity/actor.ts';
import { grantExpiry, isAcceptableReason, privacyAlertMessage } from './break-glass.ts';
import { decideAccess, ROLE_PERMISSIONS, sharingInForce, type AccessAction, type AccessDecision, type AccessFacts, type AccessPart, type SharingDecisionRow } from './policy.ts';
import * as store from './store.ts';
import { RECORD_PARTS, type RecordPart } from './tables.ts';

export const isRecordPart = (part: AccessPart): part is RecordPart => (RECORD_PARTS as readonly string[]).includes(part);


/**
 * An allowed decision, with the part it was made for and every part the actor may read. `authorityEndedOn`
 * is the last day a representative could act for the person, once that day has passed (they may still see
 * what the person shares with them, as any member of the circle can); otherwise null.
 */
export type AllowedDecision = Extract<AccessDecision, { allowed: true }> & { part: AccessPart; readableParts: AccessPart[]; authorityEndedOn: string | null };

/** The policy's answer for any part and action, with the one fact pages explain refusals by. */
type Decide = ((part: AccessPart, action: AccessAction) => AccessDecision) & { authorityEndedOn: string | null };

/** How a signed-in person is described in the access log, by why they could look. */
const CITIZEN_ROLES: Record<string, string> = {
  self: 'Signed in to their own account',
  representative: 'Acting for the person, with their authority',
  circle: 'In the circle of support',
};

const EVERY_PART: AccessPart[] = [...RECORD_PARTS, 'access_log', 'sharing', 'care_team'];

/** Someone in the actor's care teams, as their list of people shows them. */
export type MyPerson = { personId: string; name: string; dateOfBirth: string; teamRoles: string[]; isKeyWorker: boolean };

/** What finding a person by NHS number and date of birth came to. */
export type FindOutcome =
  | { outcome: 'no-match' }
  | { outcome: 'no-access'; personId: string }
  | { outcome: 'found'; personId: string; name: string; dateOfBirth: string; nhsNumber: string; purpose: string };

/** An emergency use of a record not yet reviewed, for the privacy officer. */
export type GrantForReview = {
  personId: string; grantId: string; personName: string; staffName: string; staffJobTitle: string; organisationName: string;
  reason: string; grantedAt: Date; expiresAt: Date;
};

const LISTED_SUMMARY = 'Your name and date of birth, in their list of people they work with';
const FOUND_SUMMARY = 'Your name, found by your NHS number and date of birth';
const REVIEW_LIST_SUMMARY = 'Your name, to check an emergency use of your record';
const REVIEWED_SUMMARY = 'An emergency use of your record';

/**
 * The one way to reach person data. It knows who is asking; every read and write checks their role,
 * their relationship with the person and the person's sharing choices, and is written to the access
 * log in the same transaction. A person outside the asker's scope does not exist: the caller gets 404.
 */
export class PersonDataContext {
  readonly #db: Db;
  readonly #actor: Actor | null;
  readonly #now: () => Date;

  constructor(db: Db, actor: Actor | null, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#actor = actor;
    this.#now = now;
  }

  get actor(): Actor | null {
    return this.#actor;
  }

  /**
   * Reads part of a person's record; `summary` says in plain words what was seen, for the person's access log.
   * `work` also gets the decision, for pages that word things differently for the person and for others.
   */
  read<T>(personId: string, part: AccessPart, summary: string, work: (trx: Db, decision: AllowedDecision) => Promise<T>): Promise<T> {
    return this.#run('read', personId, [part], () => summary, work);
  }

  /** Changes part of a person's record; `summary` says what was changed. */
  write<T>(personId: string, part: AccessPart, summary: string, work: (trx: Db, decision: AllowedDecision) => Promise<T>): Promise<T> {
    return this.#run('write', personId, [part], () => summary, work);
  }

  /**
   * Reads under the first of `parts` the actor may read, as a record's home page does: one check, one
   * transaction. `summary` is worded for the part chosen.
   */
  readFirst<T>(personId: string, parts: AccessPart[], summary: (part: AccessPart) => string, work: (trx: Db, decision: AllowedDecision) => Promise<T>): Promise<T> {
    return this.#run('read', personId, parts, summary, work);
  }

  /**
   * For pages that check before they read: returns when the actor may do this, else logs the refused
   * attempt and answers 404, as a refused read or write would.
   */
  async require(personId: string, part: AccessPart, action: AccessAction, summary: string): Promise<void> {
    if (!this.#actor) throw notFound();
    const decision = await this.#decide(this.#db, personId, part, action);
    if (decision?.allowed) return;
    if (decision) await store.insertAccessLog(this.#db, this.#refusedRow(personId, part, action, summary));
    throw notFound();
  }

  /** Whether the actor may do this, without reading anything or writing to the log: for showing or hiding links. */
  async may(personId: string, part: AccessPart, action: AccessAction = 'read'): Promise<boolean> {
    const decide = await this.#gatherFacts(this.#db, personId);
    return decide?.(part, action).allowed ?? false;
  }

  /** Which parts of the record the actor may read, for showing links to them. */
  async readableParts(personId: string): Promise<AccessPart[]> {
    const decide = await this.#gatherFacts(this.#db, personId);
    if (!decide) return [];
    return EVERY_PART.filter((part) => decide(part, 'read').allowed);
  }

  /**
   * The people in the actor's current care teams whose details they may read, one entry each (a
   * member of staff may hold more than one role in a team). Every person listed gets an access-log row.
   */
  async listMyPeople(): Promise<MyPerson[]> {
    const actor = this.#actor;
    if (actor?.kind !== 'staff') return [];
    const today = ukDate(this.#now());
    return this.#db.transaction().execute(async (trx) => {
      const people = new Map<string, MyPerson>();
      for (const row of await store.currentCareTeamPeople(trx, actor.id, today)) {
        const person = people.get(row.person_id) ?? { personId: row.person_id, name: fullName(row), dateOfBirth: row.date_of_birth, teamRoles: [], isKeyWorker: false };
        if (!person.teamRoles.includes(row.team_role)) person.teamRoles.push(row.team_role);
        person.isKeyWorker ||= row.is_key_worker;
        people.set(row.person_id, person);
      }
      const decisions = await store.sharingDecisionsForPeople(trx, [...people.keys()], [actor.id, actor.organisationId], 'details');
      const listed: MyPerson[] = [];
      const logRows = [];
      for (const person of people.values()) {
        // Listing people is everyday care work, so an emergency grant never puts someone on the list.
        const decision = decideAccess({
          actor: 'staff', role: actor.role, action: 'read', part: 'details', inCareTeam: true, breakGlassGrantId: null,
          sharing: sharingInForce(decisions.filter((row) => row.person_id === person.personId), today),
        });
        if (!decision.allowed) continue;
        listed.push(person);
        logRows.push(this.#logRow(person.personId, 'read', 'details', decision.purpose, LISTED_SUMMARY, null));
      }
      await store.insertAccessLogs(trx, logRows);
      return listed;
    });
  }

  /**
   * Finds the one person with exactly this NHS number and date of birth. A match the actor may not
   * read is logged as refused and named to nobody; the caller may offer emergency access.
   */
  async findByNhsNumber(nhsNumber: string, dateOfBirth: string): Promise<FindOutcome> {
    if (this.#actor?.kind !== 'staff') throw notFound();
    return this.#db.transaction().execute(async (trx): Promise<FindOutcome> => {
      const match = await store.personByNhsNumberAndBirthDate(trx, nhsNumber, dateOfBirth);
      if (!match) return { outcome: 'no-match' };
      const decision = await this.#decide(trx, match.person_id, 'details', 'read');
      if (!decision?.allowed) {
        await store.insertAccessLog(trx, this.#refusedRow(match.person_id, 'details', 'read', FOUND_SUMMARY));
        return { outcome: 'no-access', personId: match.person_id };
      }
      await store.insertAccessLog(trx, this.#logRow(match.person_id, 'read', 'details', decision.purpose, FOUND_SUMMARY, decision.breakGlassGrantId));
      return { outcome: 'found', personId: match.person_id, name: fullName(match), dateOfBirth: match.date_of_birth, nhsNumber: match.nhs_number ?? nhsNumber, purpose: decision.purpose };
    });
  }

  /** Whether the person exists for emergency access and, if the actor already holds a grant, until when. */
  async emergencyAccessStatus(personId: string): Promise<{ activeUntil: Date | null } | undefined> {
    const actor = this.#breakGlassActor();
    if (!actor || !(await store.personExists(this.#db, personId))) return undefined;
    const grant = await store.activeBreakGlassGrant(this.#db, personId, actor.id, this.#now());
    return { activeUntil: grant?.expires_at ?? null };
  }

  /**
   * Starts emergency ("break-glass") access for `hours`: the grant, the person's access-log entry with
   * the reason, and an alert for every privacy officer, all in one transaction. Unknown person: 404.
   */
  async requestEmergencyAccess(personId: string, reason: string, hours: number): Promise<{ grantId: string; expiresAt: Date }> {
    const actor = this.#breakGlassActor();
    if (!actor) throw notFound();
    const trimmed = reason.trim();
    if (!isAcceptableReason(trimmed)) throw new AppError('CW_VALIDATION', 'An emergency access reason must be 20 to 1,000 characters.');
    const grantedAt = this.#now();
    const grant = { grantId: newId(), expiresAt: grantExpiry(grantedAt, hours) };
    const started = await this.#db.transaction().execute(async (trx) => {
      if (!(await store.personExists(trx, personId))) return false;
      await store.insertBreakGlassGrant(trx, {
        person_id: personId, id: grant.grantId, staff_account_id: actor.id, organisation_id: actor.organisationId, reason: trimmed,
        granted_at: grantedAt, expires_at: grant.expiresAt, reviewed_at: null, reviewed_by: null, review_note: null,
      });
      await store.insertAccessLog(trx, this.#logRow(personId, 'write', 'details', 'emergency', `Started emergency access, giving this reason: ${trimmed}`, grant.grantId));
      const message = privacyAlertMessage(actor);
      await store.insertStaffAlerts(trx, (await store.privacyOfficerIds(trx)).map((officerId) => ({
        person_id: personId, id: newId(), staff_account_id: officerId, message, created_at: grantedAt, read_at: null,
      })));
      return true;
    });
    if (!started) throw notFound();
    return grant;
  }

  /** How many emergency uses wait for a privacy officer's review. Only privacy officers may ask. */
  async countEmergencyAccessWaitingForReview(): Promise<number> {
    this.#privacyOfficer();
    return store.countGrantsWaitingForReview(this.#db);
  }

  /** Emergency uses waiting for review, longest waiting first. Seeing each person's name is logged for that person. */
  async emergencyAccessWaitingForReview(): Promise<GrantForReview[]> {
    this.#privacyOfficer();
    return this.#db.transaction().execute(async (trx) => {
      const rows = await store.grantsWaitingForReview(trx);
      const logRows = [];
      for (const personId of new Set(rows.map((row) => row.person_id))) {
        const decision = await this.#decide(trx, personId, 'access_log', 'read');
        if (!decision?.allowed) throw notFound();
        logRows.push(this.#logRow(personId, 'read', 'access_log', decision.purpose, REVIEW_LIST_SUMMARY, null));
      }
      await store.insertAccessLogs(trx, logRows);
      return rows.map((row) => ({
        personId: row.person_id, grantId: row.id, personName: fullName(row), staffName: row.staff_name, staffJobTitle: row.staff_job_title,
        organisationName: row.organisation_name, reason: row.reason, grantedAt: row.granted_at, expiresAt: row.expires_at,
      }));
    });
  }

  /** Records a privacy officer's review of one emergency use. A grant that is unknown or already reviewed: 404. */
  async reviewEmergencyAccess(personId: string, grantId: string, note: string): Promise<void> {
    const officer = this.#privacyOfficer();
    const reviewed = await this.#db.transaction().execute(async (trx) => {
      const decision = await this.#decide(trx, personId, 'access_log', 'read');
      if (!decision?.allowed) return false;
      if (!(await store.reviewGrant(trx, personId, grantId, { by: officer.id, at: this.#now(), note: note.trim() }))) return false;
      await store.insertAccessLog(trx, this.#logRow(personId, 'write', 'access_log', decision.purpose, REVIEWED_SUMMARY, grantId));
      return true;
    });
    if (!reviewed) throw notFound();
  }

  /**
   * The actor's own alerts, unread first. Alerts are addressed to a member of staff and never carry
   * anything about the person (see privacyAlertMessage), so reading them is not a read of a record.
   */
  async myAlerts(limit = 50) {
    const actor = this.#actor;
    return actor?.kind === 'staff' ? store.alertsFor(this.#db, actor.id, limit) : [];
  }

  /** Marks one of the actor's own alerts as read; anyone else's alert does not exist. */
  async markAlertRead(personId: string, alertId: string): Promise<void> {
    const actor = this.#actor;
    if (actor?.kind !== 'staff' || !(await store.markAlertRead(this.#db, personId, alertId, actor.id, this.#now()))) throw notFound();
  }

  #breakGlassActor(): StaffActor | undefined {
    const actor = this.#actor;
    return actor?.kind === 'staff' && ROLE_PERMISSIONS[actor.role].breakGlass ? actor : undefined;
  }

  #privacyOfficer(): StaffActor {
    const actor = this.#actor;
    if (actor?.kind !== 'staff' || actor.role !== 'privacy_officer') throw notFound();
    return actor;
  }

  async #run<T>(
    action: AccessAction, personId: string, parts: AccessPart[], summary: (part: AccessPart) => string,
    work: (trx: Db, decision: AllowedDecision) => Promise<T>,
  ): Promise<T> {
    if (!this.#actor) throw notFound();
    const outcome = await this.#db.transaction().execute(async (trx) => {
      const decide = await this.#gatherFacts(trx, personId);
      if (!decide) return { refused: true as const };
      const part = parts.find((candidate) => decide(candidate, action).allowed);
      const decision = part && decide(part, action);
      if (!part || !decision?.allowed) {
        await store.insertAccessLog(trx, this.#refusedRow(personId, parts[0]!, action, summary(parts[0]!)));
        return { refused: true as const };
      }
      const readableParts = EVERY_PART.filter((candidate) => decide(candidate, 'read').allowed);
      const result = await work(trx, { ...decision, part, readableParts, authorityEndedOn: decide.authorityEndedOn });
      await store.insertAccessLog(trx, this.#logRow(personId, action, part, decision.purpose, summary(part), decision.breakGlassGrantId));
      return { refused: false as const, result };
    });
    if (outcome.refused) throw notFound();
    return outcome.result;
  }

  async #decide(db: Db, personId: string, part: AccessPart, action: AccessAction): Promise<AccessDecision | undefined> {
    return (await this.#gatherFacts(db, personId))?.(part, action);
  }

  /**
   * Loads, in one go, everything the policy needs about this actor and person, and returns the
   * decision for any part and action. undefined when the person does not exist (nothing to log against).
   */
  async #gatherFacts(db: Db, personId: string): Promise<Decide | undefined> {
    const actor = this.#actor;
    if (!actor) return undefined;
    const now = this.#now();
    const today = ukDate(now);
    const sharingFor = (decisions: (SharingDecisionRow & { part: RecordPart })[], part: AccessPart) =>
      isRecordPart(part) ? sharingInForce(decisions.filter((row) => row.part === part), today) : 'none';
    if (actor.kind === 'staff') {
      const facts = await store.staffAccessFacts(db, personId, actor, today, now);
      if (!facts) return undefined;
      const decide = (part: AccessPart, action: AccessAction) =>
        decideAccess({
          actor: 'staff', role: actor.role, action, part, inCareTeam: Boolean(facts.in_care_team),
          breakGlassGrantId: facts.grant_id ?? null, sharing: sharingFor(facts.decisions, part),
        });
      return Object.assign(decide, { authorityEndedOn: null });
    }
    const link = await store.citizenAccessFacts(db, personId, actor.id);
    if (!link) return undefined;
    const current = link.acting_as === 'circle_member' && link.circle_member_id && !link.ended_at;
    const authorityEndedOn = current && link.may_act_for_person && link.authority_until !== null && link.authority_until < today ? link.authority_until : null;
    const decide = (part: AccessPart, action: AccessAction) => {
      let linkFacts: Extract<AccessFacts, { actor: 'citizen' }>['link'] = null;
      if (link.acting_as === 'self') linkFacts = { actingAs: 'self' };
      else if (current) {
        linkFacts = {
          actingAs: 'circle_member',
          mayAct: Boolean(link.may_act_for_person),
          authorityCurrent: link.authority_until === null || link.authority_until >= today,
          sharing: sharingFor(link.decisions, part),
        };
      }
      return decideAccess({ actor: 'citizen', action, part, link: linkFacts });
    };
    return Object.assign(decide, { authorityEndedOn });
  }

  #refusedRow(personId: string, part: AccessPart, action: AccessAction, summary: string) {
    return this.#logRow(personId, 'refused', part, 'none', `Tried to ${action === 'read' ? 'see' : 'change'}: ${summary}`, null);
  }

  #logRow(personId: string, action: 'read' | 'write' | 'refused', part: AccessPart, purpose: string, summary: string, grantId: string | null) {
    const actor = this.#actor!;
    return {
      person_id: personId,
      id: newId(),
      at: this.#now(),
      actor_kind: actor.kind,
      actor_id: actor.id,
      actor_name: actor.name,
      actor_role: actor.kind === 'staff' ? actor.jobTitle : (CITIZEN_ROLES[purpose] ?? 'Signed in to their own account'),
      organisation_name: actor.kind === 'staff' ? actor.organisationName : null,
      action,
      part,
      purpose,
      summary,
      break_glass_grant_id: grantId,
    };
  }
}
