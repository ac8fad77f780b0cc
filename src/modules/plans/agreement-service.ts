import type { Actor, StaffActor } from '../../data/actor.ts';
import type { AllowedDecision, PersonData } from '../../data/person-data.ts';
import { addDays, daysBetween, formatUkDate, formatUkDateTime, ukDate } from '../../dates.ts';
import { pageWithin, type Paged } from '../../data/paging.ts';
import { forbidden, notFound, refused } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { mayDo } from '../identity/index.ts';
import { writerName } from '../people/index.ts';
import { PLAN_SECTIONS, sectionPath, type PlanContent, type PlanSectionKey } from './content.ts';
import type { AgreementRow, PlanVersion } from './store.ts';
import type { PlanStores } from './stores.ts';
import { tellWhoMustAgree } from './agreement-notice.ts';
import type { HeldPlace } from './store-reviews-due.ts';
import type { NameOf } from './version-diff.ts';
import { planSections } from './plan-view.ts';
import { involvedNames } from './print-service.ts';
import { assessmentDateProblem, mayAgreeForPerson, type CapacityFacts } from './capacity-rule.ts';
import { capacityQuestion, personSideAgreer, representativeAgreementLine } from './capacity-agreement.ts';
import type { CapacityAssessment } from './store-capacity.ts';
import { planStanding, readDrafts } from './plan-standing.ts';
import { capitalise, inWords } from '../../text.ts';

type Data = PersonData<PlanStores>;

export type AgreementParty = 'person' | 'lead_professional';

const REVIEW_WINDOW_DAYS = 28;
export const COMMENT_MAX_LENGTH = 1000;
export const ACHIEVED_MAX_LENGTH = 2000;
/** What the access log says of an agreement: the person reads it, so it names no internal save number. */
export const AGREEING = 'Your agreement to your plan';

async function currentOrNotFound({ plans }: PlanStores): Promise<PlanVersion> {
  const version = await plans.currentVersion();
  if (!version) throw notFound();
  return version;
}

/** Names of the care team and circle of support, past and present, so plans that mention them read as names. */
export async function memberNames({ access, people }: PlanStores): Promise<NameOf> {
  const [team, circle] = await Promise.all([access.careTeamNames(), people.circleNames()]);
  const names = new Map([...team, ...circle].map(([id, member]) => [id, member.name]));
  return (id) => names.get(id);
}

/** Whether this member of staff is the plan's lead professional: the care-team place named in the plan is theirs, and current. */
async function isLeadProfessional(
  { access }: PlanStores,
  content: PlanContent,
  actor: StaffActor,
  today: string,
): Promise<boolean> {
  const lead = content.leadProfessional;
  return lead ? access.isCurrentPlaceOf(lead.careTeamMemberId, actor.id, today) : false;
}

/** Which side the actor may agree for: the person (themselves or as a representative), the lead professional, or neither. */
async function partyOf(
  stores: PlanStores,
  content: PlanContent,
  actor: Actor,
  decision: AllowedDecision,
  today: string,
): Promise<AgreementParty | null> {
  if (actor.kind === 'citizen')
    return decision.purpose === 'self' || decision.purpose === 'representative' ? 'person' : null;
  return (await isLeadProfessional(stores, content, actor, today)) ? 'lead_professional' : null;
}

/** What a plan still needs before it can be agreed, in words; empty when it is ready. */
export function missingForAgreement(content: PlanContent): string[] {
  const missing: string[] = [];
  if (!content.leadProfessional) missing.push('a lead professional');
  if (!content.review.date) missing.push('a review date');
  if (!content.needs.some((need) => need.goals.length > 0)) missing.push('at least one need with a goal');
  return missing;
}

/**
 * Who has agreed one version, one line for each side, in words. A representative's agreement carries the capacity
 * facts it rests on (from `assessments`), spoken to the person when `forThePerson`.
 */
export function agreedLines(
  agreements: AgreementRow[],
  assessments: CapacityAssessment[] = [],
  forThePerson = false,
  viewerId?: string,
): string[] {
  const when = (row: AgreementRow) => formatUkDateTime(row.agreed_at);
  const person = agreements.find((row) => row.party === 'person');
  const lead = agreements.find((row) => row.party === 'lead_professional');
  const forPerson =
    person &&
    representativeAgreementLine(
      person,
      assessments.find((assessment) => assessment.id === person.capacity_assessment_id),
      forThePerson,
    );
  return [
    forPerson ?? (forThePerson ? yourAgreement(person, viewerId) : theirAgreement(person)),
    lead
      ? `Agreed by the lead professional, ${lead.agreed_by_name}, on ${when(lead)}.`
      : 'Not yet agreed by the lead professional.',
  ];
}

/** The person's side of an agreement, as staff and others read it. */
const theirAgreement = (row: AgreementRow | undefined): string =>
  row
    ? `Agreed for the person by ${row.agreed_by_name} on ${formatUkDateTime(row.agreed_at)}.`
    : 'Not yet agreed for the person.';

/** The person's side of an agreement, as the person reads it: "you". */
const yourAgreement = (row: AgreementRow | undefined, viewerId: string | undefined): string => {
  if (!row) return 'You have not agreed it yet.';
  const when = formatUkDateTime(row.agreed_at);
  return row.agreed_by_id === viewerId
    ? `You agreed to it on ${when}.`
    : `Agreed for you by ${row.agreed_by_name} on ${when}.`;
};

/** The capacity assessments these agreements rest on. */
export const assessmentsOf = (stores: PlanStores, agreements: AgreementRow[]) =>
  stores.plans.capacityAssessments(agreements.flatMap((row) => row.capacity_assessment_id ?? []));

const isAgreed = (agreements: { party: string }[]) =>
  ['person', 'lead_professional'].every((party) => agreements.some((row) => row.party === party));

/** The check-answers page: every section of the current version in words, and who has agreed it so far. */
export async function showCheckAnswers(data: Data, personId: string, now: Date) {
  const actor = data.actor!;
  return data.read(personId, 'plan', 'Your plan, to check it before it is agreed', async (stores, decision) => {
    const mayWrite = decision.may('plan', 'write');
    const version = await currentOrNotFound(stores);
    const { careTeamMemberIds, circleMemberIds } = version.content.involved;
    const names = await involvedNames(stores, careTeamMemberIds, circleMemberIds);
    const sections = planSections(version.content, names).map((section) => ({
      ...section,
      path: sectionPath(section.key),
    }));
    const agreements = await stores.plans.agreementsFor([version.number]);
    const party = await partyOf(stores, version.content, actor, decision, ukDate(now));
    const name = await stores.people.name();
    const capacity = capacityQuestion(await personSideAgreer(stores, actor, decision, ukDate(now)), name);
    return {
      name,
      version,
      isThePerson: decision.purpose === 'self',
      standing: (await planStanding(stores, decision.purpose === 'self', actor.id))!,
      sections,
      agreedLines: agreedLines(
        agreements,
        await assessmentsOf(stores, agreements),
        decision.purpose === 'self',
        data.actor?.id,
      ),
      agreed: isAgreed(agreements),
      mayChange: mayWrite,
      missing: missingForAgreement(version.content),
      mayAgree: mayWrite && party !== null && !agreements.some((row) => row.party === party) && !capacity.cannotAgree,
      party,
      authorityEndedOn: decision.authorityEndedOn,
      /** For a representative: whether they are asked the capacity questions, or why they cannot agree for the person. */
      capacity,
    };
  });
}

/**
 * Records the actor's agreement to version `versionNumber`, which must still be the current one. A representative
 * agrees for the person only with authority over care and health and `capacity` facts finding the person cannot make
 * this decision (Mental Capacity Act 2005); the assessment is kept with the agreement. Refusals (someone changed the
 * plan, something required is missing, not the lead professional, already agreed, no authority or capacity facts)
 * are CW_REFUSED, with the reason in words, and save nothing.
 */
export async function agreeToVersion(
  data: Data,
  personId: string,
  versionNumber: number,
  now: Date,
  capacity: CapacityFacts | null = null,
): Promise<void> {
  const actor = data.actor!;
  if (actor.kind === 'citizen') {
    // A representative whose authority has ended may still see a plan shared with them: say why they cannot agree.
    const ended = await data.list(
      [personId],
      'plan',
      'Your plan, checked before an agreement that was refused',
      async ({ people }, decision) =>
        !decision.may('plan', 'write') && decision.authorityEndedOn
          ? { on: decision.authorityEndedOn, name: await people.name() }
          : undefined,
    );
    const [refusal] = ended;
    if (refusal)
      throw refused(
        `Your authority to act for ${refusal.shown.name} ended on ${formatUkDate(refusal.shown.on)}, so you cannot agree the plan for them.`,
      );
  }
  return data.write(personId, 'plan', AGREEING, async (stores, decision) => {
    const version = await currentOrNotFound(stores);
    const party = await partyOf(stores, version.content, actor, decision, ukDate(now));
    if (!party) throw refused('Only the lead professional can agree the plan for the team.');
    if (version.number !== versionNumber) {
      throw refused('The plan has changed since you opened it. Check the draft below before you agree it.');
    }
    const missing = missingForAgreement(version.content);
    if (missing.length) throw refused(`The plan cannot be agreed until it has ${inWords(missing)}.`);
    const agreements = await stores.plans.agreementsFor([version.number]);
    if (agreements.some((row) => row.party === party)) {
      const label = (await readDrafts(stores)).drafts.labelOf(version.number)!;
      throw refused(
        party === 'person'
          ? `${capitalise(label)} has already been agreed for the person.`
          : `The lead professional has already agreed ${label}.`,
      );
    }
    const personName = await stores.people.name();
    const forPerson = party === 'person' ? await personSideAgreer(stores, actor, decision, ukDate(now)) : null;
    const assessmentId =
      forPerson?.as === 'representative'
        ? await recordAssessment(stores, actor, version, personName, forPerson, capacity, now)
        : null;
    const name = decision.purpose === 'representative' ? `${actor.name}, for ${personName}` : writerName(actor);
    await stores.plans.insertAgreement({
      version_number: version.number,
      party,
      agreed_by_kind: actor.kind,
      agreed_by_id: actor.id,
      agreed_by_name: name,
      agreed_at: now,
      acting_as: forPerson?.as === 'representative' ? 'representative' : party === 'person' ? 'self' : party,
      agreed_for_name: assessmentId ? personName : null,
      authority_type: forPerson?.as === 'representative' ? forPerson.authorityType : null,
      capacity_assessment_id: assessmentId,
    });
    if (!agreements.some((row) => row.party !== party))
      await tellWhoMustAgree(stores, personId, version, party, actor.id, ukDate(now));
  });
}

/**
 * Checks that a representative may agree for the person, with the capacity facts they gave, and keeps the assessment;
 * answers its id. Refuses (saving nothing) when the rule says no or the assessment is not of this decision.
 */
async function recordAssessment(
  stores: PlanStores,
  actor: Actor,
  version: PlanVersion,
  personName: string,
  agreer: Parameters<typeof mayAgreeForPerson>[2],
  capacity: CapacityFacts | null,
  now: Date,
): Promise<string> {
  const standing = mayAgreeForPerson(personName, 'care', agreer, capacity);
  if (!standing.may) throw refused(standing.reason);
  const facts = capacity!;
  const problem = assessmentDateProblem(facts.assessedOn, ukDate(version.saved_at), ukDate(now));
  if (problem) throw refused(`${problem}.`);
  const id = newId();
  await stores.plans.insertCapacityAssessment({
    id,
    decision: 'plan_agreement',
    plan_version_number: version.number,
    assessed_on: facts.assessedOn,
    assessor_name: facts.assessorName,
    assessor_role: facts.assessorRole,
    outcome: facts.outcome,
    involvement: facts.involvement,
    wishes: facts.wishes,
    recorded_by_kind: actor.kind,
    recorded_by_id: actor.id,
    recorded_by_name: actor.name,
    recorded_at: now,
  });
  return id;
}

/** The current version and who has agreed it, for the page after agreeing. */
export function showAgreement(data: Data, personId: string) {
  return data.read(personId, 'plan', 'Who has agreed your plan', async (stores, decision) => {
    const version = await currentOrNotFound(stores);
    const agreements = await stores.plans.agreementsFor([version.number]);
    return {
      name: await stores.people.name(),
      isThePerson: decision.purpose === 'self',
      version,
      standing: (await planStanding(stores, decision.purpose === 'self', data.actor?.id))!,
      agreedLines: agreedLines(
        agreements,
        await assessmentsOf(stores, agreements),
        decision.purpose === 'self',
        data.actor?.id,
      ),
      agreed: isAgreed(agreements),
    };
  });
}

/** Comments and suggestions on the plan, newest first; each suggestion with the person's answer, if they have given one. */
export async function showComments(data: Data, personId: string) {
  return data.read(personId, 'plan', 'The comments on your plan', async ({ plans, people }, decision) => {
    const mayComment = decision.may('plan', 'write');
    const answers = new Map((await plans.suggestionAnswersFor()).map((answer) => [answer.suggestion_id, answer]));
    const { drafts } = await readDrafts({ plans });
    /** Where a suggestion's words went: the agreed version they became part of, or the plan on the day they were used. */
    const usedIn = (answer: { version_number: number | null; answered_at: Date }) => {
      const label = answer.version_number === null ? undefined : drafts.labelOf(answer.version_number);
      return label?.startsWith('version ')
        ? `Used in ${label} of the plan.`
        : `Used in the plan on ${formatUkDateTime(answer.answered_at)}.`;
    };
    return {
      name: await people.name(),
      comments: (await plans.commentsFor()).reverse().map((row) => {
        const answer = answers.get(row.id);
        return { ...row, sectionTitle: sectionTitle(row.section), answer, usedIn: answer && usedIn(answer) };
      }),
      mayComment,
    };
  });
}

export async function addComment(
  data: Data,
  personId: string,
  section: PlanSectionKey,
  body: string,
  now: Date,
): Promise<void> {
  const actor = data.actor!;
  await data.write(personId, 'plan', `A comment on your plan: ${sectionTitle(section)}`, ({ plans }) =>
    plans.insertComment({
      id: newId(),
      section,
      body,
      kind: 'comment',
      written_by_kind: actor.kind,
      written_by_id: actor.id,
      written_by_name: writerName(actor),
      written_at: now,
    }),
  );
}

/** The current version, for the review form. Only those who may change the plan may record a review. */
/** Recording a review is the care team's work (the lead professional's, usually), never the person's or their family's. */
const reviewerOnly = (data: Data) => {
  if (data.actor?.kind !== 'staff') throw forbidden();
};

export async function showReviewForm(data: Data, personId: string) {
  await data.check(personId, 'plan', 'write', 'Your plan, opened to record a review');
  return data.read(personId, 'plan', 'Your plan, opened to record a review', async (stores) => {
    reviewerOnly(data);
    const version = await currentOrNotFound(stores);
    const { drafts } = await readDrafts(stores);
    return { name: await stores.people.name(), version, addsToDraft: drafts.draft !== null };
  });
}

/**
 * Records a review as the next save: the same plan with the new review date, its change summary saying what was
 * achieved. It starts a draft (or adds to the one there is), to be agreed again.
 */
export async function recordReview(
  data: Data,
  personId: string,
  achieved: string,
  nextReviewDate: string,
  now: Date,
): Promise<number> {
  const actor = data.actor!;
  return data.write(personId, 'plan', 'A review of your plan, which starts a draft to agree', async (stores) => {
    reviewerOnly(data);
    const current = await currentOrNotFound(stores);
    const number = current.number + 1;
    await stores.plans.insertVersion({
      number,
      id: newId(),
      content: { ...current.content, review: { ...current.content.review, date: nextReviewDate } },
      based_on: current.number,
      change_summary: `Review: ${achieved}`,
      saved_by_kind: actor.kind,
      saved_by_id: actor.id,
      saved_by_name: writerName(actor),
      saved_at: now,
    });
    return number;
  });
}

export type ReviewDue = { personId: string; name: string; reviewDate: string; overdue: boolean; days: number };

/** Where reviews due finds its people: the actor's care-team places, and whose plans name them as due. */
export type ReviewsDueSources = {
  placesOf: (staffId: string, today: string) => Promise<HeldPlace[]>;
  peopleWithReviewsDue: (held: readonly HeldPlace[], latest: string) => Promise<string[]>;
};

/**
 * One page of the plans whose lead professional is this member of staff, with a review due within 28 days or
 * overdue, overdue first, and how many there are. The people come from the actor's own care-team places, and
 * only those whose plan the actor may read for care are counted (an emergency grant lists nobody). Each person on
 * the page is read through the data context's list path, which checks access to their plan and logs a row.
 */
export async function reviewsDue(
  data: Data,
  sources: ReviewsDueSources,
  now: Date,
  pageAsked = 1,
): Promise<Paged<ReviewDue>> {
  const actor = data.actor;
  if (!mayDo(actor, 'reviewPlans')) throw notFound();
  const today = ukDate(now);
  const latest = addDays(today, REVIEW_WINDOW_DAYS);
  const places = await sources.placesOf(actor.id, today);
  const due = await data.listable(await sources.peopleWithReviewsDue(places, latest), 'plan', ['care']);
  const page = pageWithin(due.length, pageAsked);
  const listed = await data.list(
    due.slice(page.offset, page.offset + page.size),
    'plan',
    'Your name and plan review date, in their list of reviews due',
    async ({ plans, people }, { personId }) => {
      // A place belongs to one person: the lead named in a plan counts only if the place is that person's.
      const held = places.filter((place) => place.person_id === personId).map((place) => place.id);
      const reviewDate = await plans.reviewDueFor(held, latest);
      return reviewDate === undefined ? undefined : { name: await people.name(), reviewDate };
    },
  );
  const items = listed.map(({ personId, shown }) => {
    const days = daysBetween(today, shown.reviewDate);
    return { personId, name: shown.name, reviewDate: shown.reviewDate, overdue: days < 0, days: Math.abs(days) };
  });
  return { total: due.length, page, items };
}

const sectionTitle = (key: string): string =>
  PLAN_SECTIONS.find((section) => section.key === key)?.title ?? 'The whole plan';
