import type { Actor } from '../../data/actor.ts';
import { pageWithin } from '../../data/paging.ts';
import type { AllowedDecision, PersonData } from '../../data/person-data.ts';
import { addDays, addMonths, ukDate } from '../../dates.ts';
import { forbidden, notFound, refused } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { AccessStore } from '../access/index.ts';
import type { NotificationStore, Recipient } from '../notifications/index.ts';
import { aboutMeHeading, authorityCovers, authorityInForce, type PeopleStore } from '../people/index.ts';
import type { PlanStore } from '../plans/index.ts';
import { gapReport } from './gap-report.ts';
import {
  DAYS_TO_ANSWER,
  DECLINE_REASONS,
  OUTCOMES,
  describeReferral,
  referralStage,
  responseFiguresText,
  type ShareChoice,
} from './referral-status.ts';
import type { DirectoryReference } from './store.ts';
import type { DirectoryStores } from './stores.ts';
import type { DeclineReason, ReferralOutcome, SharedCopy } from './tables-referrals.ts';

// Social-prescribing referrals: a practitioner in the care team, the person or someone acting for them refers to a
// listed service. The person chooses what the service may see and until when; the service's staff read that copy,
// through the referral, and nothing else of the record. They accept or decline, then record what happened.

export type ReferralStores = DirectoryStores & {
  people: PeopleStore;
  plans: PlanStore;
  access: AccessStore;
  notifications: NotificationStore;
};
type Data = PersonData<ReferralStores>;

/** What the composition root hands the referrals: lists that start from ids, and the reminders' one transaction. */
export type ReferralDeps = {
  /** The people a member of staff holds a care-team place for today: ids only. */
  peopleOf: (staffId: string, today: string) => Promise<string[]>;
  /** The records a person's account is linked to: ids only. */
  recordsOf: (accountId: string) => Promise<string[]>;
  /**
   * Runs work for one person with their stores in one transaction, with no one signed in: for the reminders the server
   * sends, which read nothing of the record and tell only the service's staff that a referral waits for them.
   */
  asTheSystem: (personId: string, work: (stores: ReferralStores) => Promise<void>) => Promise<void>;
};

export type NewReferral = {
  serviceId: string;
  goalId: string | null;
  reason: string;
  share: ShareChoice[];
  note: string;
  untilDate: string;
  /** 'person', or the circle member id of someone acting for them. */
  agreedBy: string;
};

export type ReferralAnswer = { accept: true } | { accept: false; reason: DeclineReason; words: string };
export type ReferralStep =
  | { kind: 'started'; words: string }
  | { kind: 'ended'; words: string }
  | { kind: 'outcome'; outcome: ReferralOutcome; words: string };

/** How many people the service's queue shows at a time. */
const QUEUE_PAGE_SIZE = 20;
const REFERRALS = 'Your referrals to community support';

/** Members of the circle who may act for the person in care decisions today: who may agree to a referral for them. */
const careRepresentatives = async (stores: ReferralStores, today: string) =>
  (await stores.people.circleMembers()).filter(
    (member) =>
      member.ended_at === null &&
      member.may_act_for_person &&
      authorityCovers(member.authority_type, 'care') &&
      authorityInForce({ from: member.authority_from, until: member.authority_until }, today),
  );

/** The plan's goals, by id, in the person's own words. */
const planGoals = async (stores: ReferralStores) =>
  ((await stores.plans.currentVersion())?.content.needs ?? []).flatMap((need) =>
    need.goals.map((goal) => ({ id: goal.id, words: goal.inOwnWords })),
  );

const byName = (actor: Actor) => (actor.kind === 'staff' ? `${actor.name} (${actor.organisationName})` : actor.name);

const recipientOf = (kind: 'staff' | 'citizen', accountId: string): Recipient => ({ kind, accountId });

/** Whether the actor may refer this person: their care team, the person, or someone acting for them in care. */
function mayRefer(
  data: Data,
  decision: { purpose: string; may: (part: 'community_referral', action: 'write') => boolean },
) {
  if (!decision.may('community_referral', 'write')) return false;
  if (data.actor?.kind === 'staff') return decision.purpose === 'care';
  return decision.purpose === 'self' || decision.purpose === 'representative';
}

/** Stopping a referral is the person's choice: theirs, or that of someone acting for them in care decisions. */
const mayStop = (decision: AllowedDecision) =>
  (decision.purpose === 'self' || decision.purpose === 'representative') && decision.may('community_referral', 'write');

/**
 * Someone who may see the person's referrals but not make or stop one (a representative whose authority is for money
 * only) is refused inside the record's scope: 403, logged as a refusal, rather than the 404 of a refused write.
 */
async function refuseUnless(
  data: Data,
  personId: string,
  summary: string,
  allowed: (decision: AllowedDecision) => boolean,
) {
  const decision = await data.check(personId, 'community_referral', 'read', summary);
  if (!allowed(decision))
    await data.read(personId, 'community_referral', summary, async () => {
      throw forbidden();
    });
}

export function createReferralsService(reference: DirectoryReference, deps: ReferralDeps) {
  const { referrals } = reference;

  /** The service a referral goes to: active and run by a Careweave organisation, or none. */
  const serviceFor = async (serviceId: string) => {
    const service = await referrals.referrableService(serviceId);
    if (!service) throw notFound();
    return service;
  };

  /** One referral of the person and its events, as the reader may see it; 404 for any other. */
  async function visibleReferral(
    stores: ReferralStores,
    data: Data,
    purpose: string,
    referralId: string,
    today: string,
  ) {
    const [rows, events] = await Promise.all([stores.directory.referrals(), stores.directory.referralEvents()]);
    const referral = rows.find((row) => row.id === referralId);
    if (!referral) throw notFound();
    if (purpose === 'referral') {
      // The service's staff see only referrals to their own organisation, while they are open.
      const actor = data.actor;
      if (actor?.kind !== 'staff' || referral.organisation_id !== actor.organisationId) throw notFound();
      if (!referralStage(referral, events, today).open) throw notFound();
    }
    return { referral, events };
  }

  return {
    /**
     * Who may be referred to a service that takes referrals: the people a member of staff has a care-team place for,
     * or the records a person's account opens, each as the data context allows.
     */
    async whoMayBeReferred(data: Data, actor: Actor, serviceId: string, now: Date) {
      await serviceFor(serviceId);
      const ids = actor.kind === 'staff' ? await deps.peopleOf(actor.id, ukDate(now)) : await deps.recordsOf(actor.id);
      const allowed = await data.listable(ids, 'community_referral', ['care', 'self', 'representative']);
      return data.list(
        allowed,
        'community_referral',
        'Your name, in a list of people to refer to a service',
        async (stores, decision) =>
          mayRefer(data, decision)
            ? { name: await stores.people.name(), isThePerson: decision.purpose === 'self' }
            : undefined,
      );
    },

    /** What the referral form offers: the service, the plan's goals, and who may agree for the person. */
    async referForm(data: Data, personId: string, serviceId: string, now: Date) {
      const service = await serviceFor(serviceId);
      return data.read(
        personId,
        'community_referral',
        `Your plan’s goals, to refer you to ${service.name}`,
        async (stores, decision) => {
          if (!mayRefer(data, decision)) throw forbidden();
          return {
            service,
            name: await stores.people.name(),
            isThePerson: decision.purpose === 'self',
            actingFor: decision.purpose === 'representative',
            goals: await planGoals(stores),
            representatives: data.actor?.kind === 'staff' ? await careRepresentatives(stores, ukDate(now)) : [],
          };
        },
      );
    },

    /**
     * Refers the person to the service: copies what they chose to share, as it is today, and opens the referral to the
     * service's organisation until the day they chose. Its staff are told.
     */
    async refer(data: Data, personId: string, answer: NewReferral, now: Date) {
      const today = ukDate(now);
      const service = await serviceFor(answer.serviceId);
      if (answer.untilDate < today) throw refused('The last day must be today or later.');
      // Asked before the write: inside it, the embedded database's one connection is the write's.
      const staff = await referrals.staffOf(service.organisationId);
      await refuseUnless(data, personId, `Referred you to ${service.name}`, (decision) => mayRefer(data, decision));
      return data.write(personId, 'community_referral', `Referred you to ${service.name}`, async (stores, decision) => {
        const actor = data.actor!;
        if (!mayRefer(data, decision)) throw forbidden();
        const name = await stores.people.name();
        let agreedBy = name;
        if (decision.purpose === 'representative') agreedBy = `${actor.name}, for ${name}`;
        else if (actor.kind === 'staff' && answer.agreedBy !== 'person') {
          const member = (await careRepresentatives(stores, today)).find((one) => one.id === answer.agreedBy);
          if (!member) throw refused(`Choose who agreed: ${name} or someone who may act for them in care decisions.`);
          agreedBy = `${member.name} (${member.relationship}), for ${name}`;
        }
        const goals = await planGoals(stores);
        const goal = answer.goalId === null ? null : goals.find((one) => one.id === answer.goalId);
        if (goal === undefined) throw refused('Choose a goal from the plan, or none.');
        const chosen = new Set(answer.share);
        // The copy holds only what the referrer may read themselves: referring never opens a part to them.
        const partOf = { contact: 'details', about_me: 'about_me', what_matters: 'plan', goal: 'plan' } as const;
        for (const [item, part] of Object.entries(partOf))
          if (chosen.has(item as keyof typeof partOf) && !decision.may(part, 'read'))
            throw refused('You cannot share a part of the record you cannot see yourself: untick it.');
        const shared: SharedCopy = { name };
        if (chosen.has('contact')) {
          const contact = await stores.people.contactDetails();
          const address = [contact.address_line_1, contact.address_line_2, contact.town, contact.postcode]
            .filter(Boolean)
            .join(', ');
          shared.contact = { phone: contact.phone, email: contact.email, address: address || null };
        }
        if (chosen.has('what_matters'))
          shared.whatMatters = (await stores.plans.currentVersion())?.content.whatMatters ?? '';
        if (chosen.has('goal') && goal) shared.goal = goal.words;
        if (chosen.has('about_me'))
          shared.aboutMe = (await stores.people.aboutMe()).map((row) => ({
            heading: aboutMeHeading(row.heading)?.title ?? row.heading,
            body: row.body,
          }));
        if (chosen.has('referrer_note') && answer.note) shared.referrerNote = answer.note;
        const id = newId();
        await stores.directory.insertReferral({
          id,
          service_id: service.id,
          service_name: service.name,
          organisation_id: service.organisationId,
          organisation_name: service.organisationName,
          goal: goal?.words ?? null,
          reason: answer.reason,
          shared,
          until_date: answer.untilDate,
          agreed_by: agreedBy,
          referred_by_kind: actor.kind,
          referred_by_id: actor.id,
          referred_by_name: byName(actor),
          referred_at: now,
          answer_due: addDays(today, DAYS_TO_ANSWER),
        });
        await stores.access.openCommunityReferral(
          id,
          service.organisationId,
          answer.untilDate,
          { id: actor.id, name: byName(actor) },
          now,
        );
        await stores.notifications.notify({
          kind: 'referral',
          recipients: staff.map((accountId) => recipientOf('staff', accountId)),
          text: `A new referral to ${service.name}`,
          link: '/directory/referrals',
        });
        return id;
      });
    },

    /** The person's referrals (or, for a service's staff, the one open to them): what was shared, with whom, what happened. */
    async referrals(data: Data, personId: string, now: Date) {
      const today = ukDate(now);
      return data.read(personId, 'community_referral', REFERRALS, async (stores, decision) => {
        if (decision.purpose === 'referral') throw notFound();
        const [rows, events] = await Promise.all([stores.directory.referrals(), stores.directory.referralEvents()]);
        return {
          name: await stores.people.name(),
          isThePerson: decision.purpose === 'self',
          mayRefer: mayRefer(data, decision),
          referrals: rows.map((row) => describeReferral(row, events, today)),
        };
      });
    },

    /** One referral: for the service's staff, only what was shared with them, logged in the person's access log. */
    async referral(data: Data, personId: string, referralId: string, now: Date) {
      const today = ukDate(now);
      return data.read(personId, 'community_referral', 'Your referral', async (stores, decision) => {
        const { referral, events } = await visibleReferral(stores, data, decision.purpose, referralId, today);
        const isService = decision.purpose === 'referral';
        return {
          // The service knows the person by the name in the copy, never by the record.
          name: isService ? referral.shared.name : await stores.people.name(),
          isThePerson: decision.purpose === 'self',
          isService,
          mayStop: mayStop(decision),
          referral: describeReferral(referral, events, today),
        };
      });
    },

    /** The service accepts or declines (with a reason); whoever referred is told. Declining closes the referral. */
    async answer(data: Data, personId: string, referralId: string, answer: ReferralAnswer, now: Date) {
      const today = ukDate(now);
      const summary = answer.accept ? 'Accepted your referral' : 'Declined your referral';
      return data.write(personId, 'community_referral', summary, async (stores, decision) => {
        const actor = data.actor!;
        if (decision.purpose !== 'referral' || actor.kind !== 'staff') throw forbidden();
        const { referral, events } = await visibleReferral(stores, data, decision.purpose, referralId, today);
        if (referralStage(referral, events, today).answered) throw refused('This referral has already been answered.');
        await stores.directory.insertReferralEvent({
          referral_id: referral.id,
          id: newId(),
          kind: answer.accept ? 'accepted' : 'declined',
          decline_reason: answer.accept ? null : answer.reason,
          outcome: null,
          words: answer.accept ? '' : answer.words,
          by_kind: 'staff',
          by_id: actor.id,
          by_name: byName(actor),
          at: now,
        });
        if (!answer.accept) await stores.access.closeReferralById(referral.id, now);
        await stores.notifications.notify({
          kind: 'referral',
          recipients: [recipientOf(referral.referred_by_kind, referral.referred_by_id)],
          text: `${referral.service_name} ${answer.accept ? 'accepted' : 'declined'} a referral you made`,
          link: `/people/${personId}/referrals/${referral.id}`,
        });
        return {
          service: referral.service_name,
          accepted: answer.accept,
          reason: answer.accept ? null : DECLINE_REASONS[answer.reason],
        };
      });
    },

    /** The service records what happened: support started, an outcome in the person's words, or support ended. */
    async recordStep(data: Data, personId: string, referralId: string, step: ReferralStep, now: Date) {
      const today = ukDate(now);
      const summary =
        step.kind === 'outcome'
          ? `Recorded how your referral went: ${OUTCOMES[step.outcome].toLowerCase()}`
          : 'Recorded what happened with your referral';
      return data.write(personId, 'community_referral', summary, async (stores, decision) => {
        const actor = data.actor!;
        if (decision.purpose !== 'referral' || actor.kind !== 'staff') throw forbidden();
        const { referral, events } = await visibleReferral(stores, data, decision.purpose, referralId, today);
        const { stage } = referralStage(referral, events, today);
        if (stage !== 'accepted' && stage !== 'started')
          throw refused('Accept the referral before recording what happened.');
        if (step.kind === 'started' && stage === 'started') throw refused('Support has already started.');
        await stores.directory.insertReferralEvent({
          referral_id: referral.id,
          id: newId(),
          kind: step.kind,
          decline_reason: null,
          outcome: step.kind === 'outcome' ? step.outcome : null,
          words: step.words,
          by_kind: 'staff',
          by_id: actor.id,
          by_name: byName(actor),
          at: now,
        });
        if (step.kind === 'ended') await stores.access.closeReferralById(referral.id, now);
      });
    },

    /** The person, or someone acting for them in care decisions, stops a referral: the service no longer sees the copy. */
    async stop(data: Data, personId: string, referralId: string, now: Date) {
      const today = ukDate(now);
      await refuseUnless(data, personId, 'Stopped a referral and what it shared', mayStop);
      return data.write(
        personId,
        'community_referral',
        'Stopped a referral and what it shared',
        async (stores, decision) => {
          const actor = data.actor!;
          if (!mayStop(decision)) throw forbidden();
          const { referral, events } = await visibleReferral(stores, data, decision.purpose, referralId, today);
          if (!referralStage(referral, events, today).open) throw refused('This referral has already ended.');
          await stores.directory.insertReferralEvent({
            referral_id: referral.id,
            id: newId(),
            kind: 'withdrawn',
            decline_reason: null,
            outcome: null,
            words: '',
            by_kind: actor.kind,
            by_id: actor.id,
            by_name: byName(actor),
            at: now,
          });
          await stores.access.closeReferralById(referral.id, now);
          return { service: referral.service_name };
        },
      );
    },

    /**
     * The service's queue: referrals open to the actor's organisation, oldest first, a page of people at a time
     * (counted on ids alone), one log row for each person shown.
     */
    async queue(data: Data, organisationId: string, now: Date, pageAsked = 1) {
      const today = ukDate(now);
      const ids = await referrals.peopleReferredTo(organisationId, today);
      const allowed = await data.listable(ids, 'community_referral', ['referral']);
      const page = pageWithin(allowed.length, pageAsked, QUEUE_PAGE_SIZE);
      const listed = await data.list(
        allowed.slice(page.offset, page.offset + page.size),
        'community_referral',
        'Your referral, in the service’s list',
        async (stores, decision) => {
          if (decision.purpose !== 'referral') return undefined;
          const [rows, events] = await Promise.all([stores.directory.referrals(), stores.directory.referralEvents()]);
          const open = rows
            .filter((row) => row.organisation_id === organisationId)
            .map((row) => describeReferral(row, events, today))
            .filter((referral) => referral.open);
          return open.length ? open : undefined;
        },
      );
      return {
        page,
        items: listed.flatMap(({ personId, shown }) => shown.map((referral) => ({ personId, ...referral }))),
      };
    },

    /**
     * Reminds the service's staff, once, of each referral not answered by the day it was due. Run by the server every
     * hour; a second server running it at the same moment records nothing twice (one reminder per referral).
     */
    async remindOverdue(now: Date): Promise<number> {
      const today = ukDate(now);
      let reminded = 0;
      for (const due of await referrals.unansweredPastDue(today)) {
        const staff = await referrals.staffOf(due.organisation_id);
        try {
          await deps.asTheSystem(due.person_id, async (stores) => {
            await stores.directory.insertReferralEvent({
              referral_id: due.id,
              id: newId(),
              kind: 'reminded',
              decline_reason: null,
              outcome: null,
              words: '',
              by_kind: 'system',
              by_id: null,
              by_name: 'Careweave',
              at: now,
            });
            await stores.notifications.notify({
              kind: 'referral',
              recipients: staff.map((accountId) => recipientOf('staff', accountId)),
              text: `A referral to ${due.service_name} is waiting for your answer`,
              link: '/directory/referrals',
            });
          });
          reminded += 1;
        } catch (error) {
          // Another server reminded first: its reminder stands.
          if ((error as { code?: unknown }).code !== '23505') throw error;
        }
      }
      return reminded;
    },

    /** A service's figures over the last 12 months in words, or null when there are too few to show. */
    async responseFigures(serviceId: string, now: Date) {
      const since = new Date(`${addMonths(ukDate(now), -12)}T00:00:00Z`);
      return responseFiguresText(await referrals.responseFigures(serviceId, since));
    },

    /** The commissioners' gap report for whole months from `from` to `to`: counts only, small numbers suppressed. */
    async gaps(from: string, to: string) {
      const start = new Date(`${from.slice(0, 7)}-01T00:00:00Z`);
      const end = new Date(`${addMonths(`${to.slice(0, 7)}-01`, 1)}T00:00:00Z`);
      const [empty, declined, unmet] = await Promise.all([
        referrals.emptySearches(start, end),
        referrals.declinedReferrals(start, end),
        referrals.needsWithoutLocalService(start, end),
      ]);
      return gapReport({ empty, declined, unmet }, from.slice(0, 7), to.slice(0, 7));
    },
  };
}

export type ReferralsService = ReturnType<typeof createReferralsService>;
