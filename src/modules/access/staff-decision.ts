import type { StaffActor } from '../../data/actor.ts';
import { isPlanSectionPart, isShareablePart, type AccessAction, type AccessPart } from '../../data/person-data.ts';
import {
  decideAccess,
  sharingInForce,
  type AccessDecision,
  type SharingDecisionRow,
  type SharingState,
} from './policy.ts';
import type { StaffFacts } from './store-gate.ts';

/** The part of the record a copy of it is shared as. */
const COPIED_FROM: Partial<Record<AccessPart, AccessPart>> = { panel_case: 'budget', community_referral: 'plan' };

/** The policy's answer for any part and action about one person, with the facts pages explain themselves by. */
export type Decide = ((part: AccessPart, action: AccessAction) => AccessDecision) & {
  authorityEndedOn: string | null;
  grant: { id: string; expiresAt: Date } | null;
};

/**
 * The sharing decision in force for one part, from the person's decisions about the actor, newest first. A section of
 * the plan is shared when it is shared on its own or the whole plan is: a section choice only ever adds.
 */
export const sharingFor = (
  decisions: (SharingDecisionRow & { part: string })[],
  part: AccessPart,
  today: string,
): SharingState => {
  if (!isShareablePart(part)) return 'none';
  const own = sharingInForce(
    decisions.filter((row) => row.part === part),
    today,
  );
  return isPlanSectionPart(part) && own !== 'share' && sharingFor(decisions, 'plan', today) === 'share' ? 'share' : own;
};

/** What the policy decides for a member of staff about one person, from the facts read about the two of them. */
export function staffDecision(actor: StaffActor, facts: StaffFacts, today: string): Decide {
  const decide = (part: AccessPart, action: AccessAction) =>
    decideAccess({
      actor: 'staff',
      role: actor.role,
      action,
      part,
      inCareTeam: facts.in_care_team,
      organisationInCareTeam: facts.organisation_in_care_team,
      breakGlassGrantId: facts.grant?.id ?? null,
      referredParts: facts.referred_parts,
      // A case sent to a panel is shared as the budget it copies is; a community referral as the plan it serves.
      sharing: sharingFor(facts.decisions, COPIED_FROM[part] ?? part, today),
    });
  return Object.assign(decide, {
    authorityEndedOn: null,
    grant: facts.grant && { id: facts.grant.id, expiresAt: new Date(facts.grant.expiresAt) },
  });
}
