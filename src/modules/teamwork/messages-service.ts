import type { Actor } from '../../data/actor.ts';
import type { AllowedDecision, PersonData } from '../../data/person-data.ts';
import { pageWithin } from '../../data/paging.ts';
import { ukDate } from '../../dates.ts';
import { AppError, forbidden } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { Recipient } from '../notifications/index.ts';
import type { TeamworkDeps } from './deps.ts';
import {
  choosableCircle,
  conversationsFor,
  recipientsOf,
  representatives,
  teamConversationId,
  teamMembers,
  type ConversationView,
  type MessageFacts,
  type MessageViewer,
} from './message-members.ts';
import type { Reader } from './store-messages.ts';
import type { TeamworkStores } from './stores.ts';
import type { TimelineEntry } from './timeline-entry.ts';

type Data = PersonData<TeamworkStores>;

/** How many messages a conversation's page shows: the newest first page, older ones after. */
export const MESSAGES_PAGE_SIZE = 30;

/** The fields a refusal of a message or a choice is shown by. */
export type MessageField = 'to' | 'text' | 'circle' | 'one_to_one';

/** A rule of messages says no: `field` is where the page shows why. Nothing was saved. */
export class MessageRefusal extends AppError {
  readonly field: MessageField;
  constructor(field: MessageField, detail: string) {
    super('CW_REFUSED', detail);
    this.field = field;
  }
}

/** What the access log says was looked at or changed, in words the person reads. */
export const MESSAGE_SUMMARIES = {
  list: 'Your messages: the list of conversations',
  conversation: (key: string) =>
    key === 'team' ? 'Your messages with your care team' : 'Your one-to-one messages with a member of your care team',
  sent: (key: string) =>
    key === 'team'
      ? 'Your messages with your care team (a new message)'
      : 'Your one-to-one messages with a member of your care team (a new message)',
  choices: 'Who takes part in your messages',
} as const;

/** Everything the rules of who takes part are decided on, read once. */
async function gatherFacts({ people, access, teamwork }: TeamworkStores, now: Date): Promise<MessageFacts> {
  const [circle, accounts, places, conversations, choices] = await Promise.all([
    people.circleMembers(),
    access.linkedAccounts(),
    access.careTeamMembers(),
    teamwork.messages.conversations(),
    teamwork.messages.choices(),
  ]);
  const staffRoles = await teamwork.messages.openStaffRoles([
    ...new Set(places.map((place) => place.staff_account_id)),
  ]);
  return { today: ukDate(now), circle, accounts, places, staffRoles, conversations, choices };
}

/** Who the actor is in the conversations: staff, the person (or someone acting for them), or a circle member. */
function viewerOf(actor: Actor, decision: AllowedDecision, facts: MessageFacts): MessageViewer {
  if (actor.kind === 'staff') return { kind: 'staff', id: actor.id };
  if (decision.purpose === 'self' || decision.purpose === 'representative')
    return { kind: 'person', accountId: actor.id };
  const link = facts.accounts.find((account) => account.account_id === actor.id);
  return { kind: 'circle_member', accountId: actor.id, circleMemberId: link?.circle_member_id ?? null };
}

/** How the actor signs what they write: 'Priya Shah' (Social worker), or 'Fatima Khan, acting for Aisha Khan'. */
function authorOf(actor: Actor, decision: AllowedDecision, personName: string) {
  return {
    author_kind: actor.kind,
    author_id: actor.id,
    author_name: actor.name,
    author_role: actor.kind === 'staff' ? actor.jobTitle : null,
    acting_for_name: decision.purpose === 'representative' ? personName : null,
  };
}

/** A writer as a reader sees them. */
export const writtenBy = (row: { author_name: string; author_role: string | null; acting_for_name: string | null }) =>
  row.acting_for_name
    ? `${row.author_name}, acting for ${row.acting_for_name}`
    : row.author_role
      ? `${row.author_name}, ${row.author_role}`
      : row.author_name;

/** What a conversation is called on the viewer's pages. */
function titleOf(view: ConversationView, viewer: MessageViewer, personName: string, forSelf: boolean): string {
  if (view.kind === 'team') return forSelf ? 'You and your care team' : `${personName} and their care team`;
  const staff = view.staff!;
  if (viewer.kind === 'staff') return `Just you and ${personName}, one to one`;
  const staffName = staff.jobTitle ? `${staff.name} (${staff.jobTitle})` : staff.name;
  return forSelf ? `Just you and ${staffName}, one to one` : `${personName} and ${staffName}, one to one`;
}

/** Who takes part in a conversation, in a sentence; "you" for the person. */
function whoTakesPart(view: ConversationView, facts: MessageFacts, personName: string, forSelf: boolean): string {
  const person = forSelf ? 'You' : personName;
  const actingFor = forSelf ? 'you' : personName;
  if (view.kind === 'one_to_one')
    return `${person}, anyone acting for ${forSelf ? 'you' : 'them'}, and ${view.staff!.name}${view.open ? '' : ' (closed: no new messages)'}.`;
  const people = [
    person,
    ...representatives(facts).map((member) => `${member.name} (acting for ${actingFor})`),
    ...choosableCircle(facts)
      .filter((member) => member.chosen)
      .map((member) => member.name),
    ...teamMembers(facts).map((member) => `${member.name} (${member.jobTitle})`),
  ];
  return `${people.join(', ')}.`;
}

/** 'Priya Shah, Social worker, sent …': a name with words after it takes a comma before the verb. */
const subject = (signed: string) => (signed.includes(',') ? `${signed},` : signed);

/**
 * Someone past the door who is not in the conversation (a circle member the person has not chosen, staff outside a
 * one-to-one). A refusal inside the record's scope, so the data context logs the attempt for the person; the
 * pages answer 404, as the conversation does not exist for them.
 */
export const notInConversation = (): AppError => forbidden();

/** Refuses anyone but the person and whoever acts for them: only they choose who takes part. */
function mustBeThePerson(decision: AllowedDecision): void {
  if (decision.purpose !== 'self' && decision.purpose !== 'representative') throw forbidden();
}

export function createMessageService(_deps: TeamworkDeps) {
  return {
    /** The conversations the reader takes part in, with how many messages they have not read; 404 for none. */
    async conversations(data: Data, personId: string, now: Date) {
      return data.read(personId, 'messages', MESSAGE_SUMMARIES.list, async (stores, decision) => {
        const actor = data.actor!;
        const facts = await gatherFacts(stores, now);
        const viewer = viewerOf(actor, decision, facts);
        const views = conversationsFor(facts, viewer);
        if (!views.length) throw notInConversation();
        const name = await stores.people.name();
        const forSelf = decision.purpose === 'self';
        const counts = await stores.teamwork.messages.conversationCounts({
          kind: actor.kind,
          id: actor.id,
          name: actor.name,
        });
        return {
          name,
          forSelf,
          mayChoose: decision.purpose === 'self' || decision.purpose === 'representative',
          conversations: views.map((view) => {
            const count = counts.find((row) => row.conversation_id === view.id);
            return {
              key: view.key,
              open: view.open,
              title: titleOf(view, viewer, name, forSelf),
              whoTakesPart: whoTakesPart(view, facts, name, forSelf),
              total: Number(count?.total ?? 0),
              unread: Number(count?.unread ?? 0),
              newest: count?.newest ?? null,
            };
          }),
        };
      });
    },

    /**
     * One conversation, oldest message first, each with who has seen it and when. Reading it marks every message
     * someone else wrote as seen by the reader: a read, logged as one. 404 for a conversation the reader is not in.
     */
    async conversation(data: Data, personId: string, key: string, now: Date, pageAsked = 1) {
      return data.readAndRecordSeen(
        personId,
        'messages',
        MESSAGE_SUMMARIES.conversation(key),
        async (stores, decision) => {
          const actor = data.actor!;
          const facts = await gatherFacts(stores, now);
          const viewer = viewerOf(actor, decision, facts);
          const view = conversationsFor(facts, viewer).find((candidate) => candidate.key === key);
          if (!view) throw notInConversation();
          const reader: Reader = { kind: actor.kind, id: actor.id, name: actor.name };
          const store = stores.teamwork.messages;
          const shownOf = async () => {
            const all = view.id ? await store.messagesIn(view.id) : [];
            const page = pageWithin(all.length, pageAsked, MESSAGES_PAGE_SIZE);
            const end = all.length - page.offset;
            return { page, shown: all.slice(Math.max(0, end - page.size), end) };
          };
          let { page, shown: messages } = await shownOf();
          // Only what is shown is marked as seen; then shown again, with the reader among those who saw it.
          const newlySeen = messages.filter(
            (message) =>
              !(message.author_kind === actor.kind && message.author_id === actor.id) &&
              !message.readBy.some((read) => read.reader_kind === actor.kind && read.reader_id === actor.id),
          );
          if (view.id && newlySeen.length) {
            await store.markRead(
              view.id,
              newlySeen.map((message) => message.id),
              reader,
              now,
            );
            ({ page, shown: messages } = await shownOf());
          }
          // The reader's inbox items about this conversation are read now too.
          await stores.notifications.markReadAt(
            { kind: actor.kind, accountId: actor.id },
            `/people/${personId}/messages/${view.key}`,
            now,
          );
          const name = await stores.people.name();
          const forSelf = decision.purpose === 'self';
          return {
            /** Page 1 is the newest messages; higher pages go back in time. */
            page,
            name,
            forSelf,
            key: view.key,
            open: view.open,
            title: titleOf(view, viewer, name, forSelf),
            whoTakesPart: whoTakesPart(view, facts, name, forSelf),
            messages: messages.map((message) => {
              const mine = message.author_kind === actor.kind && message.author_id === actor.id;
              return {
                id: message.id,
                by: mine ? 'You' : writtenBy(message),
                mine,
                body: message.body,
                sentAt: message.sent_at,
                seenBy: message.readBy.map((read) => ({
                  name: read.reader_kind === actor.kind && read.reader_id === actor.id ? 'you' : read.reader_name,
                  at: read.read_at,
                })),
              };
            }),
          };
        },
      );
    },

    /**
     * Adds a message to a conversation the writer takes part in and tells everyone else in it. `key` names the
     * conversation ('team' or a one-to-one's id); one the writer is not in is 404 when it came from the page's
     * address, and a clear message by the field when it was chosen on a form (`chosen`).
     */
    async send(data: Data, personId: string, message: { key: string; text: string; chosen: boolean }, now: Date) {
      return data.write(personId, 'messages', MESSAGE_SUMMARIES.sent(message.key), async (stores, decision) => {
        const actor = data.actor!;
        const facts = await gatherFacts(stores, now);
        const viewer = viewerOf(actor, decision, facts);
        const views = conversationsFor(facts, viewer);
        if (!views.length) throw notInConversation();
        const view = views.find((candidate) => candidate.key === message.key);
        if (!view) {
          if (!message.chosen) throw notInConversation();
          throw new MessageRefusal('to', 'Choose a conversation you take part in from the list');
        }
        if (!view.open)
          throw new MessageRefusal(
            message.chosen ? 'to' : 'text',
            `This conversation is closed: ${view.staff?.name ?? 'they'} can no longer be messaged one to one`,
          );
        const name = await stores.people.name();
        const conversationId =
          view.id ??
          (await stores.teamwork.messages.openConversation({
            id: newId(),
            kind: 'team',
            staff_account_id: null,
            opened_at: now,
          }));
        const author = authorOf(actor, decision, name);
        await stores.teamwork.messages.insertMessage({
          id: newId(),
          conversation_id: conversationId,
          ...author,
          body: message.text,
          sent_at: now,
        });
        const from: Recipient = { kind: actor.kind, accountId: actor.id };
        const signed = writtenBy(author);
        await stores.notifications.notify({
          kind: 'new_message',
          recipients: recipientsOf(facts, { ...view, id: conversationId }, from),
          text:
            view.kind === 'team'
              ? `${subject(signed)} sent a message to ${name}’s care team`
              : `${subject(signed)} sent you a one-to-one message about ${name}`,
          link: `/people/${personId}/messages/${view.key}`,
        });
        return view.key;
      });
    },

    /** Who the person can choose to take part, who they chose, and the history of their choices. Theirs only. */
    async choices(data: Data, personId: string, now: Date) {
      return data.read(personId, 'messages', MESSAGE_SUMMARIES.choices, async (stores, decision) => {
        mustBeThePerson(decision);
        const facts = await gatherFacts(stores, now);
        const name = await stores.people.name();
        const allowed = new Set(
          conversationsFor(facts, { kind: 'person', accountId: data.actor!.id })
            .filter((view) => view.kind === 'one_to_one' && view.open)
            .map((view) => view.staff!.id),
        );
        const circleNames = await stores.people.circleNames();
        const staffNames = new Map(facts.places.map((place) => [place.staff_account_id, place.staff_name]));
        const teamId = teamConversationId(facts);
        return {
          name,
          forSelf: decision.purpose === 'self',
          circle: choosableCircle(facts),
          representatives: representatives(facts),
          team: teamMembers(facts).map((member) => ({ ...member, allowed: allowed.has(member.id) })),
          history: facts.choices.map((choice) => {
            const who =
              choice.member_kind === 'circle_member'
                ? (circleNames.get(choice.member_id)?.name ?? 'someone who has left the circle')
                : (staffNames.get(choice.member_id) ?? 'someone who has left the team');
            const what =
              choice.conversation_id === teamId
                ? choice.taking_part
                  ? `added ${who} to the conversation with the care team`
                  : `took ${who} out of the conversation with the care team`
                : choice.taking_part
                  ? `allowed one-to-one messages with ${who}`
                  : `stopped one-to-one messages with ${who}`;
            return { by: choice.made_by_name, what, at: choice.made_at };
          }),
        };
      });
    },

    /**
     * Saves who takes part: the circle members chosen for the team's conversation, and the members of the team the
     * person may message one to one. Only changes are written, as new choices; nothing earlier is lost.
     */
    async saveChoices(data: Data, personId: string, chosen: { circle: string[]; oneToOne: string[] }, now: Date) {
      return data.write(personId, 'messages', MESSAGE_SUMMARIES.choices, async (stores, decision) => {
        mustBeThePerson(decision);
        const actor = data.actor!;
        const facts = await gatherFacts(stores, now);
        const circle = choosableCircle(facts);
        for (const id of chosen.circle) {
          if (circle.some((member) => member.id === id)) continue;
          const member = facts.circle.find((candidate) => candidate.id === id);
          if (member?.ended_at)
            throw new MessageRefusal('circle', `${member.name} has left the circle of support, so cannot take part`);
          throw new MessageRefusal('circle', 'Choose people from the list of the circle of support');
        }
        const team = teamMembers(facts);
        for (const id of chosen.oneToOne)
          if (!team.some((member) => member.id === id))
            throw new MessageRefusal('one_to_one', 'Choose members of the care team from the list');
        const name = await stores.people.name();
        const madeBy = {
          made_by_kind: actor.kind,
          made_by_id: actor.id,
          made_by_name: decision.purpose === 'representative' ? `${actor.name}, acting for ${name}` : actor.name,
          made_at: now,
        };
        const messages = stores.teamwork.messages;
        const changes = [];
        const circleChanges = circle.filter((member) => member.chosen !== chosen.circle.includes(member.id));
        if (circleChanges.length) {
          const teamId =
            teamConversationId(facts) ??
            (await messages.openConversation({ id: newId(), kind: 'team', staff_account_id: null, opened_at: now }));
          for (const member of circleChanges)
            changes.push({
              id: newId(),
              conversation_id: teamId,
              member_kind: 'circle_member' as const,
              member_id: member.id,
              taking_part: !member.chosen,
              ...madeBy,
            });
        }
        const allowedNow = new Set(
          conversationsFor(facts, { kind: 'person', accountId: actor.id })
            .filter((view) => view.kind === 'one_to_one' && view.open)
            .map((view) => view.staff!.id),
        );
        for (const member of team) {
          const wanted = chosen.oneToOne.includes(member.id);
          if (wanted === allowedNow.has(member.id)) continue;
          const conversationId = await messages.openConversation({
            id: newId(),
            kind: 'one_to_one',
            staff_account_id: member.id,
            opened_at: now,
          });
          changes.push({
            id: newId(),
            conversation_id: conversationId,
            member_kind: 'staff' as const,
            member_id: member.id,
            taking_part: wanted,
            ...madeBy,
          });
        }
        await messages.insertChoices(changes);
        return changes.length;
      });
    },
  };
}

/**
 * The team conversation's messages on the shared timeline: who wrote and when, never the words. One-to-one
 * conversations stay between the people in them and are left out.
 */
export async function messageTimeline(stores: TeamworkStores): Promise<TimelineEntry[]> {
  const authors = await stores.teamwork.messages.teamMessageAuthors();
  return authors.map((message) => {
    const who = message.acting_for_name
      ? `${message.author_name}, acting for ${message.acting_for_name}`
      : message.author_name;
    return {
      at: message.sent_at,
      kind: 'message',
      part: 'messages',
      title: `${subject(who)} sent a message`,
      who,
    };
  });
}

export type MessageService = ReturnType<typeof createMessageService>;
