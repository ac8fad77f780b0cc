import type { Actor } from '../../data/actor.ts';
import type { AllowedDecision, PersonData } from '../../data/person-data.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { authorityCovers, writerName } from '../people/index.ts';
import type { PlanStores } from './stores.ts';

// Whether a printed copy of the plan carries the person's name, date of birth, NHS number and address. The person
// chooses; so may a representative whose authority covers care and health decisions. Staff see the choice and print
// by it, but cannot make it. Until a choice is made the copy carries them: a copy that travels with the person is
// for the people who must know who it is about (an ambulance crew, a new care home).

/** Printed copies carry identity details until the person chooses otherwise. */
export const PRINTS_IDENTITY_BY_DEFAULT = true;

export type IdentityChoice = { printsIdentity: boolean; madeBy: string | null; madeAt: Date | null };

/** The choice in force: the newest, or the default when none was made. */
export async function identityChoice({ plans }: Pick<PlanStores, 'plans'>): Promise<IdentityChoice> {
  const newest = await plans.printIdentityChoice();
  return newest
    ? { printsIdentity: newest.prints_identity, madeBy: newest.made_by_name, madeAt: newest.made_at }
    : { printsIdentity: PRINTS_IDENTITY_BY_DEFAULT, madeBy: null, madeAt: null };
}

/** Whether the actor may make this choice: the person, or a representative whose authority covers care. */
export async function mayChooseIdentity(
  { access }: Pick<PlanStores, 'access'>,
  decision: AllowedDecision,
  actor: Actor | null,
): Promise<boolean> {
  if (decision.purpose === 'self') return true;
  if (decision.purpose !== 'representative' || actor?.kind !== 'citizen') return false;
  const facts = await access.citizenFacts(actor.id);
  return authorityCovers(facts.circle?.authorityType ?? null, 'care');
}

/**
 * Records whether printed copies carry the identity details, as a new choice beside the earlier ones. Refused (403)
 * for anyone but the person and a representative whose authority covers care; 404 outside the record.
 */
export async function choosePrintIdentity(
  data: PersonData<PlanStores>,
  personId: string,
  printsIdentity: boolean,
  now: Date,
): Promise<void> {
  const actor = data.actor!;
  const summary = printsIdentity
    ? 'Your choice to print your name, date of birth, NHS number and address on your plan'
    : 'Your choice to leave your name, date of birth, NHS number and address off your printed plan';
  await data.write(personId, 'sharing', summary, async (stores, decision) => {
    if (!(await mayChooseIdentity(stores, decision, actor)))
      throw new AppError(
        'CW_FORBIDDEN',
        'Only the person, or someone with a lasting power of attorney or deputyship for their care, can choose this.',
      );
    await stores.plans.insertPrintIdentityChoice({
      id: newId(),
      prints_identity: printsIdentity,
      made_by_kind: actor.kind,
      made_by_id: actor.id,
      made_by_name: writerName(actor),
      made_at: now,
    });
  });
}
