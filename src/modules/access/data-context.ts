import type { Db } from '../../db/database.ts';
import { newId } from '../../ids.ts';
import { notFound } from '../../web/errors.ts';
import type { Actor } from '../identity/actor.ts';
import { decideAccess, sharingInForce, type AccessAction, type AccessDecision, type AccessFacts, type AccessPart } from './policy.ts';
import * as store from './store.ts';
import { RECORD_PARTS, type RecordPart } from './tables.ts';

export const isRecordPart = (part: AccessPart): part is RecordPart => (RECORD_PARTS as readonly string[]).includes(part);

/** The UK calendar date of a moment, as 'YYYY-MM-DD'. */
export const ukDate = (moment: Date): string => moment.toLocaleDateString('en-CA', { timeZone: 'Europe/London' });

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

  /** Reads part of a person's record; `summary` says in plain words what was seen, for the person's access log. */
  read<T>(personId: string, part: AccessPart, summary: string, work: (trx: Db) => Promise<T>): Promise<T> {
    return this.#run('read', personId, part, summary, work);
  }

  /** Changes part of a person's record; `summary` says what was changed. */
  write<T>(personId: string, part: AccessPart, summary: string, work: (trx: Db) => Promise<T>): Promise<T> {
    return this.#run('write', personId, part, summary, work);
  }

  /** Whether the actor may do this, without reading anything or writing to the log. */
  async may(personId: string, part: AccessPart, action: AccessAction = 'read'): Promise<boolean> {
    const decide = await this.#gatherFacts(this.#db, personId);
    return decide?.(part, action).allowed ?? false;
  }

  /** Which parts of the record the actor may read, for showing links to them. */
  async readableParts(personId: string): Promise<AccessPart[]> {
    const decide = await this.#gatherFacts(this.#db, personId);
    if (!decide) return [];
    const parts: AccessPart[] = [...RECORD_PARTS, 'access_log', 'sharing', 'care_team'];
    return parts.filter((part) => decide(part, 'read').allowed);
  }

  async #run<T>(action: AccessAction, personId: string, part: AccessPart, summary: string, work: (trx: Db) => Promise<T>): Promise<T> {
    const actor = this.#actor;
    if (!actor) throw notFound();
    const outcome = await this.#db.transaction().execute(async (trx) => {
      const decision = await this.#decide(trx, personId, part, action);
      if (!decision) return { refused: true as const };
      if (!decision.allowed) {
        await store.insertAccessLog(trx, this.#logRow(personId, 'refused', part, 'none', `Tried to ${action === 'read' ? 'see' : 'change'}: ${summary}`, null));
        return { refused: true as const };
      }
      const result = await work(trx);
      await store.insertAccessLog(trx, this.#logRow(personId, action, part, decision.purpose, summary, decision.breakGlassGrantId));
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
  async #gatherFacts(db: Db, personId: string): Promise<((part: AccessPart, action: AccessAction) => AccessDecision) | undefined> {
    const actor = this.#actor;
    if (!actor || !(await store.personExists(db, personId))) return undefined;
    const now = this.#now();
    const today = ukDate(now);
    if (actor.kind === 'staff') {
      const [inCareTeam, decisions, grant] = await Promise.all([
        store.isInCareTeam(db, personId, actor.id, today),
        store.sharingDecisions(db, personId, [actor.id, actor.organisationId]),
        store.activeBreakGlassGrant(db, personId, actor.id, now),
      ]);
      return (part, action) =>
        decideAccess({
          actor: 'staff', role: actor.role, action, part, inCareTeam, breakGlassGrantId: grant?.id ?? null,
          sharing: isRecordPart(part) ? sharingInForce(decisions.filter((row) => row.part === part), today) : 'none',
        });
    }
    const link = await store.accountLink(db, personId, actor.id);
    const decisions = link?.circle_member_id ? await store.sharingDecisions(db, personId, [link.circle_member_id]) : [];
    return (part, action) => {
      let linkFacts: Extract<AccessFacts, { actor: 'citizen' }>['link'] = null;
      if (link?.acting_as === 'self') linkFacts = { actingAs: 'self' };
      else if (link?.circle_member_id && !link.ended_at) {
        linkFacts = {
          actingAs: 'circle_member',
          mayAct: Boolean(link.may_act_for_person),
          authorityCurrent: link.authority_until === null || link.authority_until >= today,
          sharing: isRecordPart(part) ? sharingInForce(decisions.filter((row) => row.part === part), today) : 'none',
        };
      }
      return decideAccess({ actor: 'citizen', action, part, link: linkFacts });
    };
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
      actor_role: actor.kind === 'staff' ? actor.jobTitle : 'Signed in to their own account',
      organisation_name: actor.kind === 'staff' ? actor.organisationName : null,
      action,
      part,
      purpose,
      summary,
      break_glass_grant_id: grantId,
    };
  }
}
