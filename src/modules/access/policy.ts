import type { StaffRole } from '../../data/actor.ts';
import { roleDoes } from '../identity/index.ts';
import {
  RECORD_PARTS,
  isPlanSectionPart,
  type AccessAction,
  type AccessPart,
  type AccessPurpose,
} from '../../data/person-data.ts';

export type SharingState = 'share' | 'withhold' | 'none';

export type SharingDecisionRow = {
  audience_kind: 'organisation' | 'staff' | 'circle_member';
  decision: 'share' | 'withhold';
  until_date: string | null;
};

export type AccessFacts =
  | {
      actor: 'staff';
      role: StaffRole;
      action: AccessAction;
      part: AccessPart;
      inCareTeam: boolean;
      /** Someone from the actor's organisation holds a current place in the care team (a manager's link). */
      organisationInCareTeam?: boolean;
      /** The sharing decision in force for this part, for this member of staff or their organisation. */
      sharing: SharingState;
      breakGlassGrantId: string | null;
      /** The parts referred to the actor's organisation and still open (a case sent to its panel, a community referral). */
      referredParts?: readonly AccessPart[];
    }
  | {
      actor: 'citizen';
      action: AccessAction;
      part: AccessPart;
      link:
        | { actingAs: 'self' }
        | {
            actingAs: 'circle_member';
            mayAct: boolean;
            authorityCurrent: boolean;
            /** Their authority covers care and health decisions, which include who sees the record. */
            authorityCoversCare: boolean;
            sharing: SharingState;
          }
        | null;
    };

export type AccessDecision =
  { allowed: true; purpose: AccessPurpose; breakGlassGrantId: string | null } | { allowed: false };

const RECORD: readonly AccessPart[] = RECORD_PARTS;

/** What each staff role may do at all, before relationships and the person's choices are asked. */
export const ROLE_PERMISSIONS: Record<StaffRole, { read: AccessPart[]; write: AccessPart[] }> = {
  practitioner: {
    read: [...RECORD, 'care_team', 'panel_case', 'messages', 'community_referral'],
    write: [...RECORD, 'care_team', 'sharing', 'panel_case', 'messages', 'community_referral'],
  },
  manager: { read: ['details', 'plan', 'budget', 'care_team'], write: ['care_team'] },
  panel_member: { read: ['details', 'plan', 'budget', 'panel_case'], write: ['panel_case'] },
  privacy_officer: { read: ['access_log'], write: [] },
  administrator: { read: [], write: [] },
  platform_administrator: { read: [], write: [] },
  directory_keeper: { read: [], write: [] },
};

const DENY: AccessDecision = { allowed: false };

/** Who may start a new person's record: staff whose role registers people, who then hold its first care-team place. */
export const mayRegisterPeople = (role: StaffRole): boolean =>
  roleDoes(role, 'registerPeople') && ROLE_PERMISSIONS[role].write.includes('details');

/** Deny by default: access is allowed only when the role, the relationship and the person's choices all say yes. */
export function decideAccess(facts: AccessFacts): AccessDecision {
  if (facts.actor === 'citizen') return decideForCitizen(facts);
  const permissions = ROLE_PERMISSIONS[facts.role];
  // A section of the plan on its own is only ever read, by the roles that read the plan.
  const section = isPlanSectionPart(facts.part);
  if (section && facts.action === 'write') return DENY;
  if (!permissions[facts.action].includes(section ? 'plan' : facts.part)) return DENY;
  if (facts.role === 'privacy_officer') return { allowed: true, purpose: 'privacy_review', breakGlassGrantId: null };
  // Writing the person's sharing choices on their behalf, seeing the care team and messages need only the relationship.
  // A case sent to a panel copies the budget, so the team reach it as they reach the budget; a referral to a community
  // service copies from the plan, so the team reach it as they reach the plan.
  const needsSharing =
    RECORD.includes(facts.part) || section || facts.part === 'panel_case' || facts.part === 'community_referral';
  if (facts.inCareTeam && (!needsSharing || facts.sharing === 'share'))
    return { allowed: true, purpose: 'care', breakGlassGrantId: null };
  // A manager sees and staffs the care team of anyone their organisation has a place for (who-may-change.ts).
  if (facts.role === 'manager' && facts.part === 'care_team' && facts.organisationInCareTeam)
    return { allowed: true, purpose: 'care', breakGlassGrantId: null };
  // A panel member reads and decides the case referred to their organisation's panel, and nothing else through it.
  if (facts.role === 'panel_member' && facts.part === 'panel_case' && facts.referredParts?.includes('panel_case'))
    return { allowed: true, purpose: 'panel', breakGlassGrantId: null };
  // A community service's staff read and answer the referral open to their organisation, and nothing else through it.
  if (facts.part === 'community_referral' && facts.referredParts?.includes('community_referral'))
    return { allowed: true, purpose: 'referral', breakGlassGrantId: null };
  // Messages are a conversation between the people in it: emergency access does not open them.
  if (
    facts.breakGlassGrantId &&
    roleDoes(facts.role, 'useEmergencyAccess') &&
    facts.action === 'read' &&
    facts.part !== 'messages'
  ) {
    return { allowed: true, purpose: 'emergency', breakGlassGrantId: facts.breakGlassGrantId };
  }
  return DENY;
}

function decideForCitizen(facts: Extract<AccessFacts, { actor: 'citizen' }>): AccessDecision {
  const link = facts.link;
  if (!link) return DENY;
  if (link.actingAs === 'self') return { allowed: true, purpose: 'self', breakGlassGrantId: null };
  if (link.mayAct && link.authorityCurrent) {
    // Sharing choices are the person's: only an authority over care and health decisions changes them.
    // So are referrals, which share a copy of the record with a service: agreeing to one, or ending it.
    if (
      (facts.part === 'sharing' || facts.part === 'community_referral') &&
      facts.action === 'write' &&
      !link.authorityCoversCare
    )
      return DENY;
    return { allowed: true, purpose: 'representative', breakGlassGrantId: null };
  }
  if (
    facts.action === 'read' &&
    (RECORD.includes(facts.part) || isPlanSectionPart(facts.part)) &&
    link.sharing === 'share'
  ) {
    return { allowed: true, purpose: 'circle', breakGlassGrantId: null };
  }
  // Anyone in the circle reaches the messages' door; whether the person chose them to take part is the messages' rule.
  if (facts.part === 'messages') return { allowed: true, purpose: 'circle', breakGlassGrantId: null };
  return DENY;
}

/**
 * The sharing decision in force from a list of decisions, newest first: the newest one for the
 * named person wins over the newest for their organisation; a decision past its end date counts as none.
 */
export function sharingInForce(decisionsNewestFirst: SharingDecisionRow[], today: string): SharingState {
  const inForce = (row: SharingDecisionRow | undefined): SharingState | undefined => {
    if (!row) return undefined;
    return row.until_date !== null && row.until_date < today ? 'none' : row.decision;
  };
  const forNamedAudience = inForce(decisionsNewestFirst.find((row) => row.audience_kind !== 'organisation'));
  if (forNamedAudience && forNamedAudience !== 'none') return forNamedAudience;
  return inForce(decisionsNewestFirst.find((row) => row.audience_kind === 'organisation')) ?? 'none';
}
