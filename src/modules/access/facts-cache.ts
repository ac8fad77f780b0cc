import type { StaffActor } from '../../data/actor.ts';
import type { StaffFacts } from './store-gate.ts';

/** How many people's facts one process keeps: beyond this, the longest kept are let go first. */
export const MOST_FACTS_KEPT = 5_000;

/** What one request may take from, and give to, the facts kept: for its member of staff, on its day. */
export type KeptFactsView = {
  /** The facts kept about the person, unless an emergency grant among them has expired by `now`. */
  get: (personId: string, now: Date) => StaffFacts | undefined;
  /** Keeps facts just read, unless a request under a newer stamp has come since. */
  keep: (personId: string, facts: StaffFacts) => void;
};

/**
 * The facts access was decided on, kept across requests while nothing they come from has changed. Every change to
 * those tables moves the database's access stamp in the same commit (migration 0031), and each request reads the
 * stamp with its session: facts read under one stamp are used again only by requests that read the same stamp, for
 * the same member of staff and organisation, on the same day, and before any emergency grant among them expires. So
 * the first request to begin after a change commits, on this server or any other, reads the facts afresh.
 *
 * The data context neither uses nor keeps them inside a transaction, or once a request has begun one: what it reads
 * may include changes not yet committed, or its own since its stamp was read. One per process; the facts kept are
 * shared by every request that uses them, and never changed.
 */
export class StaffFactsCache {
  #stamp: bigint | undefined;
  readonly #kept = new Map<string, { facts: StaffFacts; until: number }>();

  /**
   * What a request under the actor's stamp may use: undefined when it has no stamp (it was not loaded with a session),
   * or began before the newest stamp seen and so may not see changes made since. A newer stamp lets go of everything.
   */
  for(actor: StaffActor, today: string): KeptFactsView | undefined {
    if (!actor.accessStamp) return undefined;
    const stamp = BigInt(actor.accessStamp);
    if (this.#stamp === undefined || stamp > this.#stamp) {
      this.#stamp = stamp;
      this.#kept.clear();
    }
    if (stamp !== this.#stamp) return undefined;
    const key = (personId: string) => `${actor.id} ${actor.organisationId} ${today} ${personId}`;
    return {
      get: (personId, now) => {
        const kept = this.#kept.get(key(personId));
        return kept && now.getTime() < kept.until ? kept.facts : undefined;
      },
      keep: (personId, facts) => {
        if (stamp !== this.#stamp) return;
        this.#kept.delete(key(personId));
        if (this.#kept.size >= MOST_FACTS_KEPT) this.#kept.delete(this.#kept.keys().next().value!);
        this.#kept.set(key(personId), { facts, until: facts.grant ? Date.parse(facts.grant.expiresAt) : Infinity });
      },
    };
  }
}
