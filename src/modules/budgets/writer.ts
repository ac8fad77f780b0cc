import type { Actor } from '../../data/actor.ts';
import type { AllowedDecision } from '../../data/person-data.ts';
import { forbidden } from '../../errors.ts';
import { writerName } from '../people/index.ts';

/** Who wrote a row of a budget, in the columns every budget table has under its own prefix. */
export const writtenBy = (actor: Actor) => ({
  kind: actor.kind,
  id: actor.id,
  name: writerName(actor),
});

/**
 * Setting up a budget, its funding and its support plan, and recording money, is work for the professionals in the
 * person's team: the person and those acting for them read it (403 inside the record; the data context has already
 * answered 404 to anyone outside it).
 */
export function staffOnly(actor: Actor | null, decision: AllowedDecision): Actor {
  if (!actor || actor.kind !== 'staff' || !decision.may('budget', 'write')) throw forbidden();
  return actor;
}

/** Whether the actor may change this budget: a member of staff allowed to write it. */
export const mayManage = (actor: Actor | null, decision: AllowedDecision): boolean =>
  actor?.kind === 'staff' && decision.may('budget', 'write');
