import type { StaffActor } from '../../data/actor.ts';
import type { AccessPart, PersonData } from '../../data/person-data.ts';
import { ukDate } from '../../dates.ts';
import { notFound, refused } from '../../errors.ts';
import { addPersonNotice, authorityInForce } from '../people/index.ts';
import type { Invitations } from '../identity/index.ts';
import type { AccessReference } from './store-gate.ts';
import type { LinkedAccount } from './store-accounts.ts';
import type { AccessStores } from './stores.ts';

type Data = PersonData<AccessStores>;

/** Where an account stands: not set up yet (its invitation open until a time, or ended), in use, or closed. */
export type AccountState =
  { state: 'invited'; expiresAt: Date } | { state: 'invitation-ended' } | { state: 'in-use' } | { state: 'closed' };

/** Someone who can sign in to the record, or could be invited to: the person, or a representative. */
export type AccountHolder = {
  /** The circle member's id; null for the person themself. */
  memberId: string | null;
  name: string;
  /** The e-mail address an invitation would go to, as recorded. */
  email: string | null;
  account: ({ id: string; email: string } & AccountState) | null;
  /** Why they cannot be invited, when they cannot. */
  cannotInvite: string | null;
};

/** What the accounts page uses of identity's invitations. */
export type AccountInvitations = Pick<Invitations, 'inviteCitizen' | 'resend' | 'withdraw' | 'openInvitationFor'>;

const SOMEONE_ELSES_OWN =
  'This email address is already the account of a person who uses this service. Ask for an email address of their own.';

/**
 * Who can sign in to a person's record, and inviting them: the person to their own account, and representatives
 * (circle members whose authority to act for the person is in force) to accounts that act for them. Only staff
 * who may change the person's details invite the person, and only staff who may change their circle of support
 * invite a representative. People and representatives do not invite anyone in this version: an account opens the
 * record, so whoever is invited is someone staff have checked. `invitations` is identity's.
 */
export function createAccountsService(deps: {
  invitations: AccountInvitations;
  reference: Pick<AccessReference, 'isOwnAccountOfARecord' | 'countLinksOf'>;
}) {
  const staffOf = (data: Data): StaffActor => {
    const actor = data.actor;
    if (actor?.kind !== 'staff') throw notFound();
    return actor;
  };

  async function stateOf(link: LinkedAccount, now: Date): Promise<AccountState> {
    if (link.disabled_at) return { state: 'closed' };
    if (link.set_up) return { state: 'in-use' };
    const open = await deps.invitations.openInvitationFor(link.account_id, now);
    return open ? { state: 'invited', expiresAt: open.expiresAt } : { state: 'invitation-ended' };
  }

  /** Whether a circle member may be invited: they may act for the person, with authority in force today. */
  const representativeProblem = (
    member: {
      name: string;
      may_act_for_person: boolean;
      authority_from: string | null;
      authority_until: string | null;
    },
    personName: string,
    today: string,
  ): string | null => {
    if (!member.may_act_for_person)
      return `${member.name} may not act for ${personName}, so they cannot have an account for this record. Only someone with authority to act for them, like a lasting power of attorney, can be invited.`;
    if (!authorityInForce({ from: member.authority_from, until: member.authority_until }, today))
      return `${member.name}’s authority to act for ${personName} is not in force today, so they cannot be invited.`;
    return null;
  };

  /** What is recorded now: the person's name and e-mail address, the current circle, and the linked accounts. */
  const recorded = (data: Data, personId: string, parts: readonly AccessPart[], summary: string) =>
    data.readFirst(
      personId,
      parts,
      () => summary,
      async ({ people, access }, decision) => ({
        name: await people.name(),
        email: (await people.contactDetails()).email,
        circle: decision.may('contacts')
          ? (await people.circleMembers()).filter((member) => member.ended_at === null)
          : [],
        links: await access.linkedAccounts(),
        seesCircle: decision.may('contacts'),
        mayInvitePerson: decision.may('details', 'write'),
        mayInviteRepresentatives: decision.may('contacts', 'write'),
      }),
    );

  /** Refuses an e-mail address whose account cannot be linked here, before anyone is invited. */
  async function refuseUnlinkable(email: string, links: LinkedAccount[], personName: string, self: boolean) {
    const typed = email.trim().toLowerCase();
    if (links.some((link) => link.email === typed))
      throw refused(`This email address already has an account that opens ${personName}’s record.`);
    if (self && (await deps.reference.isOwnAccountOfARecord(typed))) throw refused(SOMEONE_ELSES_OWN);
  }

  /** Links the account, and tells the person (and everyone acting for them) who was invited. */
  const link = async (
    stores: AccessStores,
    accountId: string,
    member: { id: string; name: string } | null,
    by: StaffActor,
    now: Date,
  ) => {
    const linked = await stores.access.linkAccount({
      accountId,
      actingAs: member ? 'circle_member' : 'self',
      circleMemberId: member?.id ?? null,
      at: now,
    });
    if (!linked) throw refused('This email address already has an account that opens this record.');
    await addPersonNotice(
      stores,
      member
        ? `${by.name} (${by.jobTitle}, ${by.organisationName}) invited ${member.name} to an account to act for you.`
        : `${by.name} (${by.jobTitle}, ${by.organisationName}) invited you to your own account.`,
      now,
    );
  };

  /** The person, or a circle member, to invite, with the accounts linked now. 404 for anyone who may not invite them. */
  async function invitee(data: Data, personId: string, memberId: string | null, now: Date) {
    staffOf(data);
    const part = memberId ? 'contacts' : 'details';
    await data.check(personId, part, 'write', 'Who can sign in to see your record, to invite someone');
    const page = await recorded(data, personId, [part], 'Who can sign in to see your record, to invite someone');
    const found = { personName: page.name, links: page.links };
    if (!memberId) return { ...found, name: page.name, email: page.email, problem: null };
    const member = page.circle.find((candidate) => candidate.id === memberId);
    if (!member) throw notFound();
    return {
      ...found,
      name: member.name,
      email: member.email,
      problem: representativeProblem(member, page.name, ukDate(now)),
    };
  }

  /**
   * An account linked to this record, not yet set up, whose invitation the actor may change: staff who may invite
   * its holder (the person's details for their own account, the circle for a representative's). 404 otherwise.
   */
  async function invitationToChange(data: Data, personId: string, accountId: string) {
    const by = staffOf(data);
    const page = await recorded(data, personId, ['contacts', 'details'], 'Who can sign in to see your record');
    const found = page.links.find((candidate) => candidate.account_id === accountId);
    if (!found) throw notFound();
    const part = found.acting_as === 'self' ? 'details' : 'contacts';
    await data.check(personId, part, 'write', 'Who can sign in to see your record, to change an invitation');
    if (found.set_up) throw refused(`${found.display_name} has set up their account, so it needs no invitation.`);
    return { by, found, part, holder: found.acting_as === 'self' ? 'you' : found.display_name } as const;
  }

  return {
    /** Who can sign in to the record and where each stands; the circle only for staff who may see it. */
    async show(data: Data, personId: string, now: Date) {
      staffOf(data);
      const today = ukDate(now);
      const page = await recorded(data, personId, ['contacts', 'details'], 'Who can sign in to see your record');
      const accountOf = async (found: LinkedAccount | undefined) =>
        found ? { id: found.account_id, email: found.email, ...(await stateOf(found, now)) } : null;
      const person: AccountHolder = {
        memberId: null,
        name: page.name,
        email: page.email,
        account: await accountOf(page.links.find((found) => found.acting_as === 'self')),
        cannotInvite: null,
      };
      const representatives: AccountHolder[] = [];
      for (const member of page.circle.filter((candidate) => candidate.may_act_for_person)) {
        representatives.push({
          memberId: member.id,
          name: member.name,
          email: member.email,
          account: await accountOf(page.links.find((found) => found.circle_member_id === member.id)),
          cannotInvite: representativeProblem(member, page.name, today),
        });
      }
      return {
        name: page.name,
        person,
        representatives,
        seesCircle: page.seesCircle,
        mayInvitePerson: page.mayInvitePerson,
        mayInviteRepresentatives: page.mayInviteRepresentatives,
      };
    },

    invitee,

    /**
     * Invites the person (`memberId` null) or a representative to an account at `email`, and links it to the
     * record. An e-mail address that already has a person's account is linked, not invited again. Refused with a
     * reason when the circle member may not act for the person, they already have an account here, or the address
     * is someone else's own account.
     */
    async invite(data: Data, personId: string, memberId: string | null, email: string, now: Date) {
      const by = staffOf(data);
      const found = await invitee(data, personId, memberId, now);
      if (found.problem) throw refused(found.problem);
      const part = memberId ? 'contacts' : 'details';
      if (found.links.some((found) => (memberId ? found.circle_member_id === memberId : found.acting_as === 'self')))
        throw refused(`${found.name} already has an account for this record.`);
      await refuseUnlinkable(email, found.links, found.personName, memberId === null);
      const sent = await deps.invitations.inviteCitizen({ email, displayName: found.name }, by, now);
      const member = memberId ? { id: memberId, name: found.name } : null;
      const summary = member
        ? `Invited ${member.name} to an account, to act for you`
        : 'Invited you to your own account';
      await data.write(personId, part, summary, (stores) => link(stores, sent.accountId, member, by, now));
      return { name: found.name, email, sent };
    },

    /** A new invitation link for an account linked to this record that is not set up yet; the old link stops working. */
    async resend(data: Data, personId: string, accountId: string, now: Date) {
      const { by, found, part, holder } = await invitationToChange(data, personId, accountId);
      const sent = await deps.invitations.resend(accountId, by, now);
      const whose = found.acting_as === 'self' ? 'your' : 'their';
      await data.write(personId, part, `Sent ${holder} a new link to set up ${whose} account`, async () => undefined);
      return { name: found.display_name, email: found.email, sent };
    },

    /**
     * Takes back the invitation of an account linked to this record that is not set up yet, and unlinks it. The
     * invitation is the account's: its link stops working only when no other record still waits on it.
     */
    async withdraw(data: Data, personId: string, accountId: string, now: Date) {
      const { by, found, part, holder } = await invitationToChange(data, personId, accountId);
      const what = found.acting_as === 'self' ? 'your own account' : `${holder}’s account`;
      await data.write(personId, part, `Took back the invitation to ${what}`, async ({ access }) => {
        if (!(await access.unlinkUnusedAccount(accountId)))
          throw refused(`${found.display_name} has set up their account.`);
      });
      if ((await deps.reference.countLinksOf(accountId)) === 0) await deps.invitations.withdraw(accountId, by, now);
    },
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
