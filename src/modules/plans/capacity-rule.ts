import { authorityCovers, authorityTypeName, type AuthorityScope } from '../people/index.ts';

// Who may agree for a person, under the Mental Capacity Act 2005. A person who can decide agrees for themselves:
// whoever supports them cannot stand in for them. A representative agrees for the person only when their authority
// is in force and covers this kind of decision (care and health for the care and support plan, money for money), and
// an assessment of this one decision found that the person cannot make it at this time.

/** The kind of authority a member of the circle of support holds (the people module's words). */
export type AuthorityType = NonNullable<Parameters<typeof authorityCovers>[0]>;

/** The facts of a decision-specific capacity assessment, as the representative records them. */
export type CapacityFacts = {
  /** When the person's capacity to make this decision was assessed, 'YYYY-MM-DD'. */
  assessedOn: string;
  assessorName: string;
  assessorRole: string;
  /** Whether the assessment found the person can make this decision themselves. */
  outcome: 'cannot' | 'can';
  /** How the person was involved in the decision. */
  involvement: string;
  /** What the person said they want, in their own words where possible. */
  wishes: string;
};

/** Who is trying to agree for the person's side, as the rule needs to know them. */
export type PersonSideAgreer =
  | { as: 'self' }
  /** In the circle of support without authority to act (or their place has ended): they may only read. */
  | { as: 'circle' }
  | {
      as: 'representative';
      authorityType: AuthorityType | null;
      /** Whether their authority counts today (its dates). */
      authorityInForce: boolean;
    };

export type Standing = { may: true } | { may: false; reason: string };

const DECISIONS: Record<AuthorityScope, { about: string; authorities: string }> = {
  care: {
    about: 'decisions about care and health',
    authorities: 'a lasting power of attorney for health and welfare, or a deputy for personal welfare',
  },
  money: {
    about: 'decisions about money',
    authorities: 'a lasting power of attorney for property and financial affairs, or a deputy for property and affairs',
  },
};

/**
 * Whether a representative may be asked the capacity questions at all: their authority is in force today and
 * covers decisions of this kind. A refusal says why, plainly, to the representative.
 */
export function representativeStanding(
  personName: string,
  scope: AuthorityScope,
  authorityType: AuthorityType | null,
  authorityInForce: boolean,
): Standing {
  const only = `Only ${personName} can agree this, or someone with ${DECISIONS[scope].authorities}.`;
  if (!authorityCovers(authorityType, scope))
    return {
      may: false,
      reason: authorityType
        ? `Your ${lowerFirst(authorityTypeName(authorityType))} does not cover ${DECISIONS[scope].about}, so you cannot agree this for ${personName}. ${only}`
        : `You do not have a recorded authority to make ${DECISIONS[scope].about} for ${personName}, so you cannot agree this for them. ${only}`,
    };
  if (!authorityInForce)
    return {
      may: false,
      reason: `Your authority to act for ${personName} is not in force today, so you cannot agree this for them.`,
    };
  return { may: true };
}

/**
 * Whether this agreer may agree for the person's side: the person always; a representative only with standing
 * (see representativeStanding) and capacity facts finding that the person cannot make this decision at this time.
 */
export function mayAgreeForPerson(
  personName: string,
  scope: AuthorityScope,
  agreer: PersonSideAgreer,
  capacity: CapacityFacts | null,
): Standing {
  if (agreer.as === 'self') return { may: true };
  if (agreer.as === 'circle')
    return { may: false, reason: `Only ${personName}, or someone who may act for them, can agree this.` };
  const standing = representativeStanding(personName, scope, agreer.authorityType, agreer.authorityInForce);
  if (!standing.may) return standing;
  if (!capacity)
    return {
      may: false,
      reason: `Before you agree for ${personName}, record the assessment of whether they can make this decision themselves.`,
    };
  if (capacity.outcome === 'can')
    return {
      may: false,
      reason: `The assessment found that ${personName} can make this decision, so they agree it themselves. You can help them to do it.`,
    };
  return { may: true };
}

/** An assessment is of this decision: not before the version being agreed was saved, and not after today. */
export function assessmentDateProblem(assessedOn: string, versionSavedOn: string, today: string): string | undefined {
  if (assessedOn > today) return 'The date of the assessment must be today or in the past';
  if (assessedOn < versionSavedOn)
    return 'The assessment must be about agreeing this version of the plan, so it cannot be from before the version was saved';
  return undefined;
}

const lowerFirst = (words: string) => words.charAt(0).toLowerCase() + words.slice(1);
