import type { StaffRole } from '../../data/actor.ts';
import type { Recipient } from '../notifications/index.ts';
import type { ConversationChoiceRow, ConversationRow } from './store-messages.ts';

// Who takes part in which conversation: plain rules over facts read once, with no I/O. The door (access part
// 'messages') lets in the person, anyone in their circle, and practitioners in their care team; these rules say
// which conversations each of them is in.

/** A member of the circle of support, as the people store lists them. */
export type CircleFact = {
  id: string;
  name: string;
  relationship: string;
  may_act_for_person: boolean;
  authority_from: string | null;
  authority_until: string | null;
  ended_at: Date | null;
};

/** An account linked to the record, as the access store lists them. */
export type AccountFact = {
  account_id: string;
  acting_as: 'self' | 'circle_member';
  circle_member_id: string | null;
  disabled_at: Date | null;
};

/** A care-team place, as the access store lists them. */
export type PlaceFact = {
  staff_account_id: string;
  staff_name: string;
  job_title: string;
  from_date: string;
  until_date: string | null;
};

export type MessageFacts = {
  today: string;
  circle: readonly CircleFact[];
  accounts: readonly AccountFact[];
  places: readonly PlaceFact[];
  /** The roles of open staff accounts. */
  staffRoles: ReadonlyMap<string, StaffRole>;
  conversations: readonly ConversationRow[];
  /** Newest first. */
  choices: readonly ConversationChoiceRow[];
};

/** Who is looking: a member of staff, the person or someone acting for them, or a member of the circle. */
export type MessageViewer =
  | { kind: 'staff'; id: string }
  | { kind: 'person'; accountId: string }
  | { kind: 'circle_member'; accountId: string; circleMemberId: string | null };

export type TeamMember = { id: string; name: string; jobTitle: string };

/** A conversation as one viewer sees it: 'team' is the key of the team's conversation, which opens with its first message. */
export type ConversationView = {
  key: string;
  id: string | null;
  kind: 'team' | 'one_to_one';
  /** For one to one: the member of the team it is with. */
  staff: TeamMember | null;
  /** Whether the viewer may write in it now: a one-to-one the person no longer allows, or with someone who left, is closed. */
  open: boolean;
};

const current = (member: CircleFact) => member.ended_at === null;

/** Whether this member of the circle acts for the person today (a current authority). */
export const actsForPerson = (member: CircleFact, today: string): boolean =>
  current(member) &&
  member.may_act_for_person &&
  (member.authority_from === null || member.authority_from <= today) &&
  (member.authority_until === null || member.authority_until >= today);

/** The practitioners holding a current care-team place, with open accounts: the team in the team's conversation. */
export function teamMembers(facts: MessageFacts): TeamMember[] {
  const members = new Map<string, TeamMember>();
  for (const place of facts.places) {
    const inPlace = place.from_date <= facts.today && (place.until_date === null || place.until_date >= facts.today);
    if (inPlace && facts.staffRoles.get(place.staff_account_id) === 'practitioner')
      members.set(place.staff_account_id, {
        id: place.staff_account_id,
        name: place.staff_name,
        jobTitle: place.job_title,
      });
  }
  return [...members.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The newest choice about a member of a conversation: whether they take part (for one to one: whether it is allowed). */
function takingPart(facts: MessageFacts, conversationId: string | null, memberId: string): boolean {
  if (!conversationId) return false;
  return (
    facts.choices.find((choice) => choice.conversation_id === conversationId && choice.member_id === memberId)
      ?.taking_part ?? false
  );
}

export const teamConversationId = (facts: MessageFacts): string | null =>
  facts.conversations.find((conversation) => conversation.kind === 'team')?.id ?? null;

/** Members of the circle the person could choose: current, with an account in use, and not acting for the person. */
export function choosableCircle(facts: MessageFacts): (CircleFact & { chosen: boolean })[] {
  const withAccounts = new Set(
    facts.accounts
      .filter((account) => account.acting_as === 'circle_member' && account.disabled_at === null)
      .map((account) => account.circle_member_id),
  );
  const teamId = teamConversationId(facts);
  return facts.circle
    .filter((member) => current(member) && withAccounts.has(member.id) && !actsForPerson(member, facts.today))
    .map((member) => ({ ...member, chosen: takingPart(facts, teamId, member.id) }));
}

/** The members of the circle who act for the person today: they take part wherever the person does. */
export const representatives = (facts: MessageFacts): CircleFact[] =>
  facts.circle.filter((member) => actsForPerson(member, facts.today));

/** Every conversation there is or can be, for the person (or whoever acts for them). */
function everyConversation(facts: MessageFacts): ConversationView[] {
  const team = teamMembers(facts);
  const views: ConversationView[] = [
    { key: 'team', id: teamConversationId(facts), kind: 'team', staff: null, open: true },
  ];
  for (const conversation of facts.conversations) {
    if (conversation.kind !== 'one_to_one') continue;
    const staffId = conversation.staff_account_id!;
    // Named from any place they held, past or present: someone who has left the team is still who it was with.
    const place = facts.places.find((candidate) => candidate.staff_account_id === staffId);
    views.push({
      key: conversation.id,
      id: conversation.id,
      kind: 'one_to_one',
      staff: {
        id: staffId,
        name: place?.staff_name ?? 'A former member of the team',
        jobTitle: place?.job_title ?? '',
      },
      open: team.some((member) => member.id === staffId) && takingPart(facts, conversation.id, staffId),
    });
  }
  return views;
}

/** The conversations this viewer takes part in; none for a circle member the person has not chosen. */
export function conversationsFor(facts: MessageFacts, viewer: MessageViewer): ConversationView[] {
  const every = everyConversation(facts);
  if (viewer.kind === 'person') return every;
  if (viewer.kind === 'staff') {
    if (!teamMembers(facts).some((member) => member.id === viewer.id)) return [];
    return every.filter((view) => view.kind === 'team' || (view.staff?.id === viewer.id && view.open));
  }
  const member = facts.circle.find((candidate) => candidate.id === viewer.circleMemberId);
  const chosen = member !== undefined && current(member) && takingPart(facts, teamConversationId(facts), member.id);
  return chosen ? every.filter((view) => view.kind === 'team') : [];
}

/** Everyone told of a new message in a conversation, but its author: their accounts, as notifications take them. */
export function recipientsOf(facts: MessageFacts, view: ConversationView, author: Recipient): Recipient[] {
  const acting = new Set(representatives(facts).map((member) => member.id));
  const chosen = new Set(
    view.kind === 'team'
      ? choosableCircle(facts)
          .filter((member) => member.chosen)
          .map((member) => member.id)
      : [],
  );
  const citizens: Recipient[] = facts.accounts
    .filter(
      (account) =>
        account.disabled_at === null &&
        (account.acting_as === 'self' ||
          (account.circle_member_id !== null &&
            (acting.has(account.circle_member_id) || chosen.has(account.circle_member_id)))),
    )
    .map((account) => ({ kind: 'citizen', accountId: account.account_id }));
  const staff: Recipient[] =
    view.kind === 'team'
      ? teamMembers(facts).map((member) => ({ kind: 'staff', accountId: member.id }))
      : view.open && view.staff
        ? [{ kind: 'staff', accountId: view.staff.id }]
        : [];
  return [...citizens, ...staff].filter(
    (recipient) => !(recipient.kind === author.kind && recipient.accountId === author.accountId),
  );
}
