import { AsyncLocalStorage } from 'node:async_hooks';
import type { Actor, StaffActor } from '../../data/actor.ts';
import {
  EVERY_PART,
  type AccessAction,
  type AccessPart,
  type AccessPurpose,
  type AllowedDecision,
  type Listed,
  type PersonData,
  type PersonWork,
} from '../../data/person-data.ts';
import type { Db } from '../../db/database.ts';
import { ukDate } from '../../dates.ts';
import { isRefusal, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { mayRegisterPeople } from './policy.ts';
import { readOnly } from '../../db/read-only.ts';
import { createAccessLogWriter, type AccessLogWriter } from './store-access-log.ts';
import * as gate from './store-gate.ts';
import { StaffFactsCache } from './facts-cache.ts';
import { citizenDecision } from './citizen-decision.ts';
import { staffDecision, type Decide } from './staff-decision.ts';
import { peopleWithPlacesHeldFor } from './store-staff-leaving.ts';
import { mayDo } from '../identity/index.ts';

/** Binds every module's person stores to one person, inside one transaction. Made by the composition root. */
export type BindStores<S> = (db: Db, personId: string) => S;

/** The policy's answer for any part and action about one person, with the facts pages explain themselves by. */
type LogRow = gate.AccessLogRow;

/** What a read or write came to: its result, or a refusal (with the part to log it against, when not yet logged). */
type Outcome<T> = { refused: true; refusedPart?: AccessPart } | { refused: false; result: T };

/** How a signed-in person is described in the access log, by why they could look. */
const CITIZEN_ROLES: Record<string, string> = {
  self: 'Signed in to their own account',
  representative: 'Acting for the person, with their authority',
  circle: 'In the circle of support',
};

/**
 * The one way to reach person data (see PersonData). It knows who is asking; every read and write checks their
 * role, their relationship with the person and the person's sharing choices, hands the work that person's stores
 * and nothing else, and writes the access log in the same transaction. One per request: the facts about each
 * person are read once and kept for the rest of the request.
 */
export class PersonDataContext<S> implements PersonData<S> {
  /** The context whose work is running, so a nested call is refused instead of waiting on its own transaction. */
  static readonly #running = new AsyncLocalStorage<PersonDataContext<unknown>>();
  readonly #db: Db;
  readonly #actor: Actor | null;
  readonly #bind: BindStores<S>;
  readonly #log: AccessLogWriter;
  readonly #now: () => Date;
  readonly #facts = new Map<string, Decide | undefined>();
  readonly #kept: StaffFactsCache;
  /** Whether this request may use facts kept by earlier ones, and keep its own: not once it has begun a transaction. */
  #mayReuse = true;

  /**
   * `log` writes the log of reads, and `kept` keeps facts between requests: give every request the process's one of
   * each, so rows are written together and facts read once serve many requests.
   */
  constructor(
    db: Db,
    actor: Actor | null,
    bind: BindStores<S>,
    log: AccessLogWriter = createAccessLogWriter(db),
    kept: StaffFactsCache = new StaffFactsCache(),
    now: () => Date = () => new Date(),
  ) {
    this.#db = db;
    this.#actor = actor;
    this.#bind = bind;
    this.#log = log;
    this.#kept = kept;
    this.#now = now;
  }

  get actor(): Actor | null {
    return this.#actor;
  }

  read<T>(personId: string, part: AccessPart, summary: string, work: PersonWork<S, T>): Promise<T> {
    return this.#run('read', personId, [part], () => summary, work);
  }

  write<T>(personId: string, part: AccessPart, summary: string, work: PersonWork<S, T>): Promise<T> {
    return this.#run('write', personId, [part], () => summary, work, { logAllowed: true, inTransaction: true });
  }

  readAndRecordSeen<T>(personId: string, part: AccessPart, summary: string, work: PersonWork<S, T>): Promise<T> {
    return this.#run('read', personId, [part], () => summary, work, { logAllowed: true, inTransaction: true });
  }

  readFirst<T>(
    personId: string,
    parts: readonly AccessPart[],
    summary: (part: AccessPart) => string,
    work: PersonWork<S, T>,
  ): Promise<T> {
    return this.#run('read', personId, parts, summary, work);
  }

  check(personId: string, part: AccessPart, action: AccessAction, summary: string): Promise<AllowedDecision> {
    return this.#run(
      action,
      personId,
      [part],
      () => summary,
      async (_stores, decision) => decision,
      { logAllowed: false, inTransaction: false },
    );
  }

  async register<T>(
    summary: string,
    work: (stores: S, personId: string) => Promise<T>,
  ): Promise<{ personId: string; result: T }> {
    this.#refuseNesting();
    const actor = this.#actor;
    if (actor?.kind !== 'staff' || !mayRegisterPeople(actor.role)) throw notFound();
    const personId = newId();
    return this.#transaction().execute(async (trx) => {
      const result = await PersonDataContext.#running.run(this, () => work(this.#bind(trx, personId), personId));
      // Decided by the same rules as every later visit: a registration that leaves its registrant outside the
      // record is a mistake in the work, and keeps nothing.
      const decide = await this.#decide(trx, personId);
      const decision = decide?.('details', 'write');
      if (!decision?.allowed) throw new Error('A registration must leave the new record open to whoever registered it');
      await gate.insertLastAccessLogs(trx, [
        this.logRow(personId, 'write', 'details', decision.purpose, summary, null),
      ]);
      return { personId, result };
    });
  }

  async list<T>(
    personIds: readonly string[],
    parts: AccessPart | readonly AccessPart[],
    summary: string,
    show: PersonWork<S, T | undefined>,
  ): Promise<Listed<T>[]> {
    const candidates: readonly AccessPart[] = typeof parts === 'string' ? [parts] : parts;
    this.#refuseNesting();
    if (!this.#actor || !personIds.length) return [];
    // A read, like any other: no transaction, stores that cannot change anything, rows through the log writer.
    const db = readOnly(this.#db);
    await this.#decideMany(db, personIds);
    const listed: Listed<T>[] = [];
    const logRows: LogRow[] = [];
    for (const personId of new Set(personIds)) {
      const decide = await this.#decide(db, personId);
      const part = decide && candidates.find((candidate) => decide(candidate, 'read').allowed);
      const decision = part && this.#allowed(personId, decide, part, 'read');
      if (!part || !decision) continue;
      const shown = await PersonDataContext.#running.run(this, () => show(this.#bind(db, personId), decision));
      if (shown === undefined) continue;
      listed.push({ personId, shown });
      logRows.push(this.#allowedRow('read', decision, () => summary));
    }
    await this.#log.write(logRows);
    return listed;
  }

  async listable(
    personIds: readonly string[],
    parts: AccessPart | readonly AccessPart[],
    purposes: readonly AccessPurpose[],
  ): Promise<string[]> {
    this.#refuseNesting();
    if (!this.#actor || !personIds.length) return [];
    await this.#decideMany(this.#db, personIds);
    const listable: string[] = [];
    for (const personId of new Set(personIds)) {
      const decide = await this.#decide(this.#db, personId);
      const allowed = [parts]
        .flat()
        .map((part) => decide?.(part, 'read'))
        .find((decision) => decision?.allowed);
      if (allowed?.allowed && purposes.includes(allowed.purpose)) listable.push(personId);
    }
    return listable;
  }

  /**
   * For a list of many people, the facts about each one not yet decided on in this request, in one statement
   * instead of one each; each person's decision is the one #decide would make. Citizens' lists are short
   * (their own records), so theirs are read one at a time by #decide.
   */
  async #decideMany(db: Db, personIds: readonly string[]): Promise<void> {
    const actor = this.#actor;
    const wanted = [...new Set(personIds)].filter((personId) => !this.#facts.has(personId));
    if (actor?.kind !== 'staff' || !wanted.length) return;
    const now = this.#now();
    const today = ukDate(now);
    const facts = await this.#staffFacts(db, wanted, actor, today, now);
    for (const personId of wanted) {
      const found = facts.get(personId);
      this.#facts.set(personId, found && staffDecision(actor, found, today));
    }
  }

  /**
   * The one change an organisation's administrator makes to people's records: handing over the care-team places
   * a member of their own staff holds, when that member leaves. The administrator is in none of these care teams
   * and may read no record, so this allows exactly that and no more: only staff whose role manages staff, only
   * for a leaver in their own organisation whose account is closed, and only for the people in whose care team
   * the leaver holds a place that has not ended, taken for that organisation. The work gets each such person's stores (to end and give
   * places, and to ask what the plan still needs) and a decision that allows changing the care team and nothing
   * else. Each person the work changes (it answers a summary) gets a log row naming the administrator, with the
   * purpose 'staff_leaving'. One transaction for everyone: all of it is handed over, or none.
   */
  async handOverPlaces<T>(
    leaverId: string,
    work: (stores: S, decision: AllowedDecision) => Promise<{ summary: string; shown: T } | undefined>,
  ): Promise<Listed<T>[]> {
    this.#refuseNesting();
    const actor = this.#actor;
    if (!mayDo(actor, 'manageStaff') || leaverId === actor.id) throw notFound();
    const today = ukDate(this.#now());
    return this.#transaction().execute(async (trx) => {
      const listed: Listed<T>[] = [];
      const logRows: LogRow[] = [];
      for (const personId of await peopleWithPlacesHeldFor(trx, leaverId, actor.organisationId, today, true)) {
        const decision: AllowedDecision = {
          personId,
          purpose: 'staff_leaving',
          part: 'care_team',
          emergencyGrant: null,
          readableParts: [],
          authorityEndedOn: null,
          may: (part, action = 'read') => part === 'care_team' && action === 'write',
        };
        const changed = await PersonDataContext.#running.run(this, () => work(this.#bind(trx, personId), decision));
        if (!changed) continue;
        this.#facts.delete(personId);
        listed.push({ personId, shown: changed.shown });
        logRows.push(this.logRow(personId, 'write', 'care_team', 'staff_leaving', changed.summary, null));
      }
      await gate.insertAccessLogs(trx, logRows);
      return listed;
    });
  }

  /**
   * A transaction of this request's own. From its start, this request neither uses facts kept by others (they are
   * from before its changes) nor keeps its own (they may include changes not yet committed).
   */
  #transaction() {
    this.#mayReuse = false;
    return this.#db.transaction();
  }

  /**
   * The facts about each of `personIds` that exists: those kept between requests when they may be used (not inside a
   * transaction: see #transaction), and the rest read in one statement, and kept when they may be.
   */
  async #staffFacts(db: Db, personIds: readonly string[], actor: StaffActor, today: string, now: Date) {
    const kept = this.#mayReuse && !db.isTransaction ? this.#kept.for(actor, today) : undefined;
    const found = new Map<string, gate.StaffFacts>();
    const missing: string[] = [];
    for (const personId of personIds) {
      const facts = kept?.get(personId, now);
      if (facts) found.set(personId, facts);
      else missing.push(personId);
    }
    if (!missing.length) return found;
    for (const [personId, facts] of await gate.staffAccessFacts(db, missing, actor, today, now)) {
      found.set(personId, facts);
      kept?.keep(personId, facts);
    }
    return found;
  }

  /** The facts about one person, read once per request; undefined when there is no such person. */
  async #decide(db: Db, personId: string): Promise<Decide | undefined> {
    if (!this.#facts.has(personId)) this.#facts.set(personId, await this.#gatherFacts(db, personId));
    return this.#facts.get(personId);
  }

  /** The decision handed to the work, or undefined when the policy says no. */
  #allowed(personId: string, decide: Decide, part: AccessPart, action: AccessAction): AllowedDecision | undefined {
    const decision = decide(part, action);
    if (!decision.allowed) return undefined;
    return {
      personId,
      purpose: decision.purpose,
      part,
      emergencyGrant: decision.breakGlassGrantId ? decide.grant : null,
      readableParts: EVERY_PART.filter((candidate) => decide(candidate, 'read').allowed),
      authorityEndedOn: decide.authorityEndedOn,
      may: (other, otherAction = 'read') => decide(other, otherAction).allowed,
    };
  }

  async #run<T>(
    action: AccessAction,
    personId: string,
    parts: readonly AccessPart[],
    summary: (part: AccessPart) => string,
    work: PersonWork<S, T>,
    options = { logAllowed: true, inTransaction: false },
  ): Promise<T> {
    this.#refuseNesting();
    if (!this.#actor) throw notFound();
    const refusedRow = (part: AccessPart) =>
      this.logRow(
        personId,
        'refused',
        part,
        'none',
        `Tried to ${action === 'read' ? 'see' : 'change'}: ${summary(part)}`,
        null,
      );
    let attempted: AccessPart | undefined;
    const running = options.inTransaction
      ? this.#transaction().execute(async (trx): Promise<Outcome<T>> => {
          const decision = await this.#decision(trx, personId, parts, action);
          if (!decision) {
            if (await this.#decide(trx, personId)) await gate.insertLastAccessLogs(trx, [refusedRow(parts[0]!)]);
            return { refused: true };
          }
          attempted = decision.part;
          const result = await PersonDataContext.#running.run(this, () => work(this.#bind(trx, personId), decision));
          // What is written may change what the actor may do next: decide afresh next time.
          if (action === 'write') this.#facts.delete(personId);
          await gate.insertLastAccessLogs(trx, [this.#allowedRow(action, decision, summary)]);
          return { refused: false, result };
        })
      : this.#readOutsideTransaction(personId, parts, action, summary, work, options.logAllowed, (part) => {
          attempted = part;
        });
    const outcome = await running.catch(async (error: unknown) => {
      // A rule inside the person's scope said no (403, or 400 with a reason): nothing the work did was kept, so
      // the attempt is logged on its own, as a refusal at the door would be.
      if (attempted && (isRefusal(error, 'CW_FORBIDDEN') || isRefusal(error, 'CW_REFUSED'))) {
        await this.#log.write([refusedRow(attempted)]);
      }
      throw error;
    });
    if (!outcome.refused) return outcome.result;
    // A refusal is logged and committed; the caller learns only that there is nothing here.
    if (outcome.refusedPart) await this.#log.write([refusedRow(outcome.refusedPart)]);
    throw notFound();
  }

  /**
   * A read (or a check) needs no transaction: each statement sees what is committed, as it would inside one, and
   * the work's stores cannot change anything. The facts are read, access decided, and only then the work runs;
   * its log row is committed before its result is handed back.
   */
  async #readOutsideTransaction<T>(
    personId: string,
    parts: readonly AccessPart[],
    action: AccessAction,
    summary: (part: AccessPart) => string,
    work: PersonWork<S, T>,
    logAllowed: boolean,
    attempting: (part: AccessPart) => void,
  ): Promise<Outcome<T>> {
    const db = readOnly(this.#db);
    if (!(await this.#decide(db, personId))) return { refused: true };
    const decision = await this.#decision(db, personId, parts, action);
    if (!decision) return { refused: true, refusedPart: parts[0]! };
    attempting(decision.part);
    const result = await PersonDataContext.#running.run(this, () => work(this.#bind(db, personId), decision));
    if (logAllowed) await this.#log.write([this.#allowedRow(action, decision, summary)]);
    return { refused: false, result };
  }

  /** The first of `parts` the actor may act on, as the decision handed to the work; undefined when none. */
  async #decision(
    db: Db,
    personId: string,
    parts: readonly AccessPart[],
    action: AccessAction,
  ): Promise<AllowedDecision | undefined> {
    const decide = await this.#decide(db, personId);
    const part = decide && parts.find((candidate) => decide(candidate, action).allowed);
    return part && this.#allowed(personId, decide, part, action);
  }

  /**
   * The work of a read or write cannot call the data context again: on the embedded database that call would
   * wait for the transaction it is inside. Everything the work needs is in its stores and its decision.
   */
  #refuseNesting(): void {
    if (PersonDataContext.#running.getStore())
      throw new Error(
        'The data context was called from inside its own work: use the stores and the decision it hands over',
      );
  }

  /**
   * Loads, in one query, everything the policy needs about this actor and person, and returns the decision
   * for any part and action. undefined when the person does not exist (nothing to log against).
   */
  async #gatherFacts(db: Db, personId: string): Promise<Decide | undefined> {
    const actor = this.#actor;
    if (!actor) return undefined;
    const now = this.#now();
    const today = ukDate(now);
    if (actor.kind === 'staff') {
      const facts = (await this.#staffFacts(db, [personId], actor, today, now)).get(personId);
      return facts && staffDecision(actor, facts, today);
    }
    const facts = await gate.citizenAccessFacts(db, personId, actor.id);
    if (!facts.person_exists) return undefined;
    return citizenDecision(facts, today);
  }

  /** The log row of a read or write the actor was allowed, under the decision that allowed it. */
  #allowedRow(action: AccessAction, decision: AllowedDecision, summary: (part: AccessPart) => string): LogRow {
    const { personId, part, purpose, emergencyGrant } = decision;
    return this.logRow(personId, action, part, purpose, summary(part), emergencyGrant?.id ?? null);
  }

  /** One access-log row by this actor. Used by the access module's own services for what they do in the gate. */
  logRow(
    personId: string,
    action: 'read' | 'write' | 'refused',
    part: AccessPart,
    purpose: string,
    summary: string,
    grantId: string | null,
  ): LogRow {
    const actor = this.#actor!;
    return {
      person_id: personId,
      id: newId(),
      at: this.#now(),
      actor_kind: actor.kind,
      actor_id: actor.id,
      actor_name: actor.name,
      actor_role:
        actor.kind === 'staff' ? actor.jobTitle : (CITIZEN_ROLES[purpose] ?? 'Signed in to their own account'),
      organisation_name: actor.kind === 'staff' ? actor.organisationName : null,
      action,
      part,
      purpose,
      summary,
      break_glass_grant_id: grantId,
    };
  }
}
