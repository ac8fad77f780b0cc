import type { AccessAction, AccessPart } from '../../data/person-data.ts';
import { authorityCovers, authorityInForce } from '../people/index.ts';
import { decideAccess, type AccessFacts } from './policy.ts';
import { sharingFor, type Decide } from './staff-decision.ts';
import type { CitizenFacts } from './store-citizen-facts.ts';

/** What the policy decides for a person's account (their own, or a circle member's) about one record. */
export function citizenDecision(facts: CitizenFacts, today: string): Decide {
  const circle = facts.acting_as === 'circle_member' && facts.circle && !facts.circle.ended ? facts.circle : null;
  const authorityCurrent =
    circle !== null && authorityInForce({ from: circle.authorityFrom, until: circle.authorityUntil }, today);
  const authorityEndedOn =
    circle?.mayAct && circle.authorityUntil !== null && circle.authorityUntil < today ? circle.authorityUntil : null;
  const decide = (part: AccessPart, action: AccessAction) => {
    let link: Extract<AccessFacts, { actor: 'citizen' }>['link'] = null;
    if (facts.acting_as === 'self') link = { actingAs: 'self' };
    else if (circle)
      link = {
        actingAs: 'circle_member',
        mayAct: circle.mayAct,
        authorityCurrent,
        authorityCoversCare: authorityCovers(circle.authorityType, 'care'),
        sharing: sharingFor(facts.decisions, part, today),
      };
    return decideAccess({ actor: 'citizen', action, part, link });
  };
  return Object.assign(decide, { authorityEndedOn, grant: null });
}
