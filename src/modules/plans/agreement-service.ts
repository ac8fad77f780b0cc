import type { Db } from '../../db/database.ts';
import { ukDate } from '../../dates.ts';
import { newId } from '../../ids.ts';
import { notFound } from '../../web/errors.ts';
import { formatUkDate, formatUkDateTime } from '../../web/views.ts';
import { careTeamNamesById, currentCareTeamPlaces, isCurrentPlaceOf, type AllowedDecision, type PersonDataContext } from '../access/index.ts';
import type { Actor, StaffActor } from '../identity/actor.ts';
import { circleNamesById, writerName } from '../people/index.ts';
import { PLAN_SECTIONS, sectionPath, type PlanContent, type PlanSectionKey } from './content.ts';
import { personName } from './person-name.ts';
import * as store from './store.ts';
import { planDifferences, planFields, type NameOf } from './version-diff.ts';

export type AgreementParty = 'person' | 'lead_professional';
type PlanVersion = NonNullable<Awaited<ReturnType<typeof store.currentVersion>>>;

/** Why an agreement or review was not recorded, in words for the page. Thrown inside a write so nothing is saved. */
export class PlanRefusal extends Error {
  override name = 'PlanRefusal';
}

const REVIEW_WINDOW_DAYS = 28;
export const COMMENT_MAX_LENGTH = 1000;
export const ACHIEVED_MAX_LENGTH = 2000;

async function currentOrNotFound(trx: Db, personId: string): Promise<PlanVersion> {
  const version = await store.currentVersion(trx, personId);
  if (!version) throw notFound();
  return version;
}

/** Names of the care team and circle of support, past and present, so plans that mention them read as names. */
async function memberNames(trx: Db, personId: string): Promise<NameOf> {
  const [team, circle] = await Promise.all([careTeamNamesById(trx, personId), circleNamesById(trx, personId)]);
  const names = new Map([...team, ...circle].map(([id, member]) => [id, member.name]));
  return (id) => names.get(id);
}

/** Whether this member of staff is the plan's lead professional: the care-team place named in the plan is theirs, and current. */
async function isLeadProfessional(trx: Db, personId: string, content: PlanContent, actor: StaffActor, today: string): Promise<boolean> {
  const lead = content.leadProfessional;
  return lead ? isCurrentPlaceOf(trx, personId, lead.careTeamMemberId, actor.id, today) : false;
}

/** Which side the actor may agree for: the person (themselves or as a representative), the lead professional, or neither. */
async function partyOf(trx: Db, personId: string, content: PlanContent, actor: Actor, decision: AllowedDecision, today: string): Promise<AgreementParty | null> {
  if (actor.kind === 'citizen') return decision.purpose === 'self' || decision.purpose === 'representative' ? 'person' : null;
  return (await isLeadProfessional(trx, personId, content, actor, today)) ? 'lead_professional' : null;
}

/** What a plan still needs before it can be agreed, in words; empty when it is ready. */
export function missingForAgreement(content: PlanContent): string[] {
  const missing: string[] = [];
  if (!content.leadProfessional) missing.push('a lead professional');
  if (!content.review.date) missing.push('a review date');
  if (!content.needs.some((need) => need.goals.length > 0)) missing.push('at least one need with a goal');
  return missing;
}

type AgreementRow = Awaited<ReturnType<typeof store.agreementsFor>>[number];

/** Who has agreed one version, one line for each side, in words. */
export function agreedLines(agreements: AgreementRow[]): string[] {
  const when = (row: AgreementRow) => formatUkDateTime(row.agreed_at);
  const person = agreements.find((row) => row.party === 'person');
  const lead = agreements.find((row) => row.party === 'lead_professional');
  return [
    person ? `Agreed for the person by ${person.agreed_by_name} on ${when(person)}.` : 'Not yet agreed for the person.',
    lead ? `Agreed by the lead professional, ${lead.agreed_by_name}, on ${when(lead)}.` : 'Not yet agreed by the lead professional.',
  ];
}

const isAgreed = (agreements: { party: string }[]) => ['person', 'lead_professional'].every((party) => agreements.some((row) => row.party === party));

/** The check-answers page: every section of the current version in words, and who has agreed it so far. */
export async function showCheckAnswers(data: PersonDataContext, personId: string, now: Date) {
  const actor = data.actor!;
  // Asked before the read: the data context's own checks must not wait on the read's transaction.
  const mayWrite = await data.may(personId, 'plan', 'write');
  return data.read(personId, 'plan', 'Your plan, to check it before it is agreed', async (trx, decision) => {
    const version = await currentOrNotFound(trx, personId);
    const fields = planFields(version.content, await memberNames(trx, personId));
    const sections = PLAN_SECTIONS.map((section) => ({ ...section, path: sectionPath(section.key), fields: fields.filter((field) => field.sectionKey === section.key) }));
    const agreements = await store.agreementsFor(trx, personId, [version.number]);
    const party = await partyOf(trx, personId, version.content, actor, decision, ukDate(now));
    return {
      name: await personName(trx, personId),
      version,
      sections,
      agreedLines: agreedLines(agreements),
      agreed: isAgreed(agreements),
      mayChange: mayWrite,
      missing: missingForAgreement(version.content),
      mayAgree: mayWrite && party !== null && !agreements.some((row) => row.party === party),
      party,
      authorityEndedOn: decision.authorityEndedOn,
    };
  });
}

/**
 * Records the actor's agreement to version `versionNumber`, which must still be the current one. Refusals
 * (someone changed the plan, something required is missing, not the lead professional, already agreed)
 * throw PlanRefusal and save nothing.
 */
export async function agreeToVersion(data: PersonDataContext, personId: string, versionNumber: number, now: Date): Promise<{ agreed: boolean }> {
  const actor = data.actor!;
  if (actor.kind === 'citizen' && !(await data.may(personId, 'plan', 'write'))) {
    // A representative whose authority has ended may still see a plan shared with them: say why they cannot agree.
    const ended = await data.read(personId, 'plan', 'Your plan, checked before an agreement that was refused', async (trx, decision) =>
      decision.authorityEndedOn && { on: decision.authorityEndedOn, name: await personName(trx, personId) });
    if (ended) throw new PlanRefusal(`Your authority to act for ${ended.name} ended on ${formatUkDate(ended.on)}, so you cannot agree the plan for them.`);
  }
  return data.write(personId, 'plan', `Your agreement to version ${versionNumber} of your plan`, async (trx, decision) => {
    const version = await currentOrNotFound(trx, personId);
    const party = await partyOf(trx, personId, version.content, actor, decision, ukDate(now));
    if (!party) throw new PlanRefusal('Only the lead professional can agree the plan for the team.');
    if (version.number !== versionNumber) {
      throw new PlanRefusal(`The plan has changed since you opened it. Check version ${version.number} below before you agree it.`);
    }
    const missing = missingForAgreement(version.content);
    if (missing.length) throw new PlanRefusal(`The plan cannot be agreed until it has ${listInWords(missing)}.`);
    const agreements = await store.agreementsFor(trx, personId, [version.number]);
    if (agreements.some((row) => row.party === party)) {
      throw new PlanRefusal(party === 'person' ? `Version ${version.number} has already been agreed for the person.` : `The lead professional has already agreed version ${version.number}.`);
    }
    const name = decision.purpose === 'representative' ? `${actor.name}, for ${await personName(trx, personId)}` : writerName(actor);
    await store.insertAgreement(trx, {
      person_id: personId, version_number: version.number, party, agreed_by_kind: actor.kind, agreed_by_id: actor.id, agreed_by_name: name, agreed_at: now,
    });
    return { agreed: agreements.length === 1 };
  });
}

/** The current version and who has agreed it, for the page after agreeing. */
export function showAgreement(data: PersonDataContext, personId: string) {
  return data.read(personId, 'plan', 'Who has agreed your plan', async (trx) => {
    const version = await currentOrNotFound(trx, personId);
    const agreements = await store.agreementsFor(trx, personId, [version.number]);
    return { name: await personName(trx, personId), version, agreedLines: agreedLines(agreements), agreed: isAgreed(agreements) };
  });
}

/** Every version, newest first, with who agreed each. */
export function showVersions(data: PersonDataContext, personId: string) {
  return data.read(personId, 'plan', 'The history of changes to your plan', async (trx) => {
    const versions = await store.versionList(trx, personId);
    if (!versions.length) throw notFound();
    const agreements = await store.agreementsFor(trx, personId, versions.map((version) => version.number));
    return {
      name: await personName(trx, personId),
      versions: versions.map((version) => {
        const agreedBy = agreements.filter((row) => row.version_number === version.number);
        return { ...version, agreedBy: agreedBy.map((row) => `${row.agreed_by_name}, ${formatUkDateTime(row.agreed_at)}`), agreed: isAgreed(agreedBy) };
      }),
    };
  });
}

/** What changed between two versions; either number unknown: 404. */
export function compareVersions(data: PersonDataContext, personId: string, from: number, to: number) {
  return data.read(personId, 'plan', `What changed in your plan between version ${from} and version ${to}`, async (trx) => {
    const [before, after] = [await store.versionByNumber(trx, personId, from), await store.versionByNumber(trx, personId, to)];
    if (!before || !after) throw notFound();
    return {
      name: await personName(trx, personId),
      before, after,
      differences: planDifferences(before.content, after.content, await memberNames(trx, personId)),
      numbers: (await store.versionList(trx, personId)).map((version) => version.number),
    };
  });
}

/** Comments and suggestions on the plan, newest first; each suggestion with the person's answer, if they have given one. */
export async function showComments(data: PersonDataContext, personId: string) {
  const mayComment = await data.may(personId, 'plan', 'write');
  return data.read(personId, 'plan', 'The comments on your plan', async (trx) => {
    const answers = new Map((await store.suggestionAnswersFor(trx, personId)).map((answer) => [answer.suggestion_id, answer]));
    return {
      name: await personName(trx, personId),
      comments: (await store.commentsFor(trx, personId)).reverse().map((row) => ({ ...row, sectionTitle: sectionTitle(row.section), answer: answers.get(row.id) })),
      mayComment,
    };
  });
}

export async function addComment(data: PersonDataContext, personId: string, section: PlanSectionKey, body: string, now: Date): Promise<void> {
  const actor = data.actor!;
  await data.write(personId, 'plan', `A comment on your plan: ${sectionTitle(section)}`, (trx) =>
    store.insertComment(trx, {
      person_id: personId, id: newId(), section, body, kind: 'comment', written_by_kind: actor.kind, written_by_id: actor.id,
      written_by_name: writerName(actor), written_at: now,
    }),
  );
}

/** The current version, for the review form. Only those who may change the plan may record a review. */
export async function showReviewForm(data: PersonDataContext, personId: string) {
  await data.require(personId, 'plan', 'write', 'Your plan, opened to record a review');
  return data.read(personId, 'plan', 'Your plan, opened to record a review', async (trx) => {
    const version = await currentOrNotFound(trx, personId);
    return { name: await personName(trx, personId), version };
  });
}

/**
 * Records a review as the next version: the same plan with the new review date, its change summary
 * saying what was achieved. It is a draft, to be agreed again.
 */
export async function recordReview(data: PersonDataContext, personId: string, achieved: string, nextReviewDate: string, now: Date): Promise<number> {
  const actor = data.actor!;
  return data.write(personId, 'plan', 'A review of your plan, which starts a new version to agree', async (trx) => {
    const current = await currentOrNotFound(trx, personId);
    const number = current.number + 1;
    await store.insertVersion(trx, {
      person_id: personId, number, id: newId(), content: { ...current.content, review: { ...current.content.review, date: nextReviewDate } },
      based_on: current.number, change_summary: `Review: ${achieved}`, saved_by_kind: actor.kind, saved_by_id: actor.id,
      saved_by_name: writerName(actor), saved_at: now,
    });
    return number;
  });
}

export type ReviewDue = { personId: string; name: string; reviewDate: string; overdue: boolean; days: number };

/**
 * Plans whose lead professional is this member of staff, with a review due within 28 days or overdue,
 * overdue first. Finding them reads only the plans' lead and review date; each name shown is read
 * through the data context, so it is in that person's access log.
 */
export async function reviewsDue(db: Db, data: PersonDataContext, now: Date): Promise<ReviewDue[]> {
  const actor = data.actor;
  if (actor?.kind !== 'staff' || actor.role !== 'practitioner') throw notFound();
  const today = ukDate(now);
  const latest = addDays(today, REVIEW_WINDOW_DAYS);
  const places = await currentCareTeamPlaces(db, actor.id, today);
  const due = await store.currentPlansLedBy(db, places, latest);
  const listed: ReviewDue[] = [];
  for (const row of due) {
    if (!(await data.may(row.person_id, 'plan', 'read'))) continue;
    const name = await data.read(row.person_id, 'plan', 'Your name and plan review date, in their list of reviews due', (trx) => personName(trx, row.person_id));
    const days = daysBetween(today, row.review_date);
    listed.push({ personId: row.person_id, name, reviewDate: row.review_date, overdue: days < 0, days: Math.abs(days) });
  }
  return listed;
}

const sectionTitle = (key: string): string => PLAN_SECTIONS.find((section) => section.key === key)?.title ?? 'The whole plan';
const listInWords = (items: string[]): string => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);
const dayNumber = (isoDate: string): number => Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000;
const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);
const addDays = (isoDate: string, days: number): string => new Date((dayNumber(isoDate) + days) * 86_400_000).toISOString().slice(0, 10);
