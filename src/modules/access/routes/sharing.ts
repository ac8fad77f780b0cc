import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isUuid } from '../../../ids.ts';
import type { AccessService } from '../service.ts';
import { notFound } from '../../../errors.ts';
import { pathId } from '../../../web/params.ts';
import { checkForm, type FormErrors } from '../../../web/forms.ts';
import { dateBoxes, dateField, dateInputView, withDateFields } from '../../../web/date-field.ts';
import { notInPast, type DateInput } from '../../../web/date-input.ts';
import type { Actor } from '../../../data/actor.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { ukDate } from '../../../dates.ts';
import { PART_NAMES, sharingChanges, type Audience, type PartSharing, type RequestedSharing } from '../sharing.ts';
import {
  PLAN_SECTION_PARTS,
  RECORD_PARTS,
  SHAREABLE_PARTS,
  isPlanSectionPart,
  isRecordPart,
  type ShareablePart,
} from '../../../data/person-data.ts';
import type { AudienceKind, ToldHow } from '../tables.ts';
import { TOLD_HOW, toldHowLabel } from '../who-may-change.ts';
import type { StaffActor } from '../../../data/actor.ts';
import { AppError } from '../../../errors.ts';
import { inWords } from '../../../text.ts';

/*
 * The person (or someone who may act for them) sees and changes their choices here. Practitioners
 * may record a choice the person made with them, but policy does not let them read the choices, so
 * they get their own pages under /sharing/record: they choose, part by part, what the person asked
 * for, and are never shown what is shared now.
 */

type AudienceParams = { personId: string; audienceKind: string; audienceId: string };

/** Audience kinds as web addresses spell them: /sharing/circle-member/<id>. */
const KIND_IN_PATH: Record<AudienceKind, string> = {
  organisation: 'organisation',
  staff: 'staff',
  circle_member: 'circle-member',
};

function audienceFrom(request: FastifyRequest): { kind: AudienceKind; id: string } {
  const { audienceKind, audienceId } = request.params as AudienceParams;
  const kind = (Object.keys(KIND_IN_PATH) as AudienceKind[]).find(
    (candidate) => KIND_IN_PATH[candidate] === audienceKind,
  );
  if (!kind || !isUuid(audienceId)) throw notFound();
  return { kind, id: audienceId };
}

export const audiencePath = (
  personId: string,
  audience: Pick<Audience, 'kind' | 'id'>,
  staffRecording = false,
): string =>
  `/people/${personId}/sharing/${staffRecording ? 'record/' : ''}${KIND_IN_PATH[audience.kind]}/${audience.id}`;

/** One part's choice on a practitioner's form: what the person asked for, or no change. */
const recordItem = (part: ShareablePart, values: Record<string, unknown>) => ({
  part,
  name: `part-${part}`,
  partName: PART_NAMES[part],
  value: values[`part-${part}`] ?? 'unchanged',
});

// ---- Forms --------------------------------------------------------------------------------------

/** When sharing stops: optional, and not in the past. */
const untilDateInput = (today: string): DateInput => ({
  label: 'The date sharing stops',
  optional: true,
  check: notInPast(today),
});

/** The person's own form: a ticked box shares that part, an unticked one stops sharing it. */
const choicesForm = (today: string) =>
  withDateFields(
    ['untilDate'],
    z.object({
      parts: z
        .union([z.string(), z.array(z.string())])
        .optional()
        .transform((value) => (value === undefined ? [] : [value].flat()))
        .pipe(z.array(z.enum(RECORD_PARTS, { message: 'Choose parts of the record from the list' }))),
      sections: z
        .union([z.string(), z.array(z.string())])
        .optional()
        .transform((value) => (value === undefined ? [] : [value].flat()))
        .pipe(z.array(z.enum(PLAN_SECTION_PARTS, { message: 'Choose sections of the plan from the list' }))),
      untilDate: dateField(untilDateInput(today)),
    }),
  );

/** A practitioner's form: for each part, what the person asked for, or no change. */
const recordForm = (today: string) =>
  withDateFields(
    ['untilDate'],
    z
      .object({
        ...Object.fromEntries(
          SHAREABLE_PARTS.map((part) => [
            `part-${part}`,
            z.enum(['share', 'withhold', 'unchanged'], { message: 'Choose from the list' }).default('unchanged'),
          ]),
        ),
        untilDate: dateField(untilDateInput(today)),
        toldHow: z.string().default(''),
      })
      // Checked as a whole so both messages show together.
      .superRefine((form: Record<string, unknown>, ctx) => {
        if (!SHAREABLE_PARTS.some((part) => form[`part-${part}`] !== 'unchanged'))
          ctx.addIssue({
            code: 'custom',
            message: 'Choose at least one part the person wants to share or stop sharing',
            path: [`part-${RECORD_PARTS[0]}`],
          });
        if (!(TOLD_VALUES as string[]).includes(form.toldHow as string))
          ctx.addIssue({ code: 'custom', message: 'Select how they told you their choice', path: ['toldHow'] });
      })
      .transform((form) => ({ ...form, toldHow: form.toldHow as ToldHow })),
  );

const TOLD_VALUES = TOLD_HOW.map((entry) => entry.value) as [ToldHow, ...ToldHow[]];

const requestedFromChoices = (shared: string[]): RequestedSharing =>
  Object.fromEntries(SHAREABLE_PARTS.map((part) => [part, shared.includes(part) ? 'share' : 'withhold']));

const requestedFromRecord = (form: Record<string, unknown>): RequestedSharing =>
  Object.fromEntries(
    SHAREABLE_PARTS.flatMap((part) => (form[`part-${part}`] === 'unchanged' ? [] : [[part, form[`part-${part}`]]])),
  );

// ---- What the pages show --------------------------------------------------------------------------

/** 'you' and 'your' for the person; their name for someone acting for them. */
const voiceFor = (isThePerson: boolean, personName: string) =>
  isThePerson
    ? { isThePerson, subject: 'you', possessive: 'your', Possessive: 'Your' }
    : { isThePerson, subject: personName, possessive: `${personName}'s`, Possessive: `${personName}'s` };

/** Who chose, and for a choice staff recorded, how they were told and who confirmed it. */
const chosenBy = (choice: PartSharing['choice'], actor: Actor | null): string => {
  if (!choice) return 'Nobody has chosen yet';
  const who = choice.made_by_id && choice.made_by_id === actor?.id ? 'You' : choice.made_by_name;
  const told = choice.told_how ? `, ${toldHowLabel(choice.told_how)}` : '';
  const confirmed = choice.confirmed_by_name ? `, confirmed by ${choice.confirmed_by_name}` : '';
  return `${who}${told}${confirmed}`;
};

/** An audience's choices as sentences and table rows, for the overview and the change page. */
function describe(audience: Audience, parts: PartSharing[], actor: Actor | null) {
  const planShared = parts.some((part) => part.part === 'plan' && part.state === 'share');
  // A section shared on its own matters only while the whole plan is not shared.
  const sectionsAlone = planShared
    ? []
    : parts.filter((part) => isPlanSectionPart(part.part) && part.state === 'share');
  const recordParts = parts.filter((part) => isRecordPart(part.part));
  const shared = [...recordParts.filter((part) => part.state === 'share'), ...sectionsAlone];
  const notShared = recordParts.filter((part) => part.state !== 'share');
  const sharedWith = (part: PartSharing) =>
    part.throughOrganisation ? `Yes, through ${audience.organisation?.name}` : 'Yes';
  const name = (part: PartSharing) =>
    isPlanSectionPart(part.part)
      ? `${part.partName} (from the care and support plan)`
      : part.part === 'plan' && sectionsAlone.length
        ? 'the rest of the care and support plan'
        : part.partName;
  return {
    audience,
    canSee: inWords(shared.map(name)),
    cannotSee: inWords(notShared.map(name)),
    sharesEverything: notShared.length === 0,
    sharesNothing: shared.length === 0,
    throughOrganisation: shared.some((part) => part.throughOrganisation),
    rows: [...recordParts, ...sectionsAlone].map((part) => ({
      partName: name(part),
      canSee: part.state === 'share' ? sharedWith(part) : 'No',
      since: part.choice ? part.choice.made_at : null,
      until: part.state === 'share' ? (part.choice?.until_date ?? null) : null,
      chosenBy: chosenBy(part.choice, actor),
    })),
  };
}

/** The end date to show in the form: the one every part shared by name already has, if they agree. */
function commonEndDate(parts: PartSharing[]): string | null {
  const dates = new Set(
    parts
      .filter((part) => part.state === 'share' && !part.throughOrganisation)
      .map((part) => part.choice?.until_date ?? null),
  );
  return dates.size === 1 ? [...dates][0]! : null;
}

export function registerSharingRoutes(app: FastifyInstance, access: AccessService): void {
  const sharing = access.sharing;

  app.get('/people/:personId/sharing', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    if (request.actor!.kind === 'staff') return reply.redirect(`/people/${personId}/sharing/record`, 303);
    const now = new Date();
    const page = await request.personData.read(
      personId,
      'sharing',
      'Who can see your record',
      async (stores, decision) => ({
        ...(await sharing.overview(stores, now)),
        waiting: await sharing.waitingChoices(stores, now),
        isThePerson: decision.purpose === 'self',
        mayChange: decision.may('sharing', 'write'),
      }),
    );
    const voice = voiceFor(page.isThePerson, page.personName);
    const query = request.query as { saved?: string };
    return reply.render('access/views/sharing.njk', {
      pageTitle: page.isThePerson ? 'Who can see your record' : `Who can see ${voice.possessive} record`,
      voice,
      personId,
      backLink: `/people/${personId}`,
      waiting: page.waiting,
      mayChange: page.mayChange,
      flash:
        query.saved === 'changed'
          ? 'Your changes are saved.'
          : query.saved === 'unchanged'
            ? 'Nothing changed: the choices are the same as before.'
            : undefined,
      sections: [
        { heading: 'Organisations', kind: 'organisation' },
        { heading: `Professionals in ${voice.possessive} care team`, kind: 'staff' },
        { heading: `People in ${voice.possessive} circle of support`, kind: 'circle_member' },
      ].map((section) => ({
        ...section,
        audiences: page.audiences
          .filter((entry) => entry.audience.kind === section.kind)
          .map((entry) => ({
            ...describe(entry.audience, entry.parts, request.actor),
            changeHref: audiencePath(personId, entry.audience),
          })),
      })),
    });
  });

  // ---- The person, or someone acting for them, changes one audience's choices ------------------

  const renderChoices = (
    reply: FastifyReply,
    personId: string,
    page: { personName: string; audience: Audience; parts: PartSharing[]; isThePerson: boolean },
    actor: Actor | null,
    form: { parts: string[]; values: Record<string, unknown>; errors?: FormErrors },
  ) => {
    const voice = voiceFor(page.isThePerson, page.personName);
    const failed = form.errors;
    const items = (parts: readonly string[]) =>
      parts.map((value) => ({
        value,
        text: page.parts.find((part) => part.part === value)!.partName,
        checked: form.parts.includes(value),
      }));
    return reply.code(failed ? 400 : 200).render('access/views/sharing-change.njk', {
      pageTitle: `What ${page.audience.name} can see`,
      voice,
      personId,
      backLink: `/people/${personId}/sharing`,
      action: audiencePath(personId, page.audience),
      described: describe(page.audience, page.parts, actor),
      partItems: items(RECORD_PARTS),
      sectionItems: items(PLAN_SECTION_PARTS),
      untilDate: dateInputView('untilDate', form.values, failed, untilDateInput(ukDate(new Date()))),
      errors: failed?.list,
      fieldErrors: failed?.byField ?? {},
    });
  };

  const readChoices = (
    request: FastifyRequest,
    personId: string,
    audience: { kind: AudienceKind; id: string },
    now: Date,
  ) =>
    request.personData.read(personId, 'sharing', 'Your sharing choices', async (stores, decision) => ({
      ...(await sharing.audienceSharing(stores, audience.kind, audience.id, now)),
      isThePerson: decision.purpose === 'self',
    }));

  app.get(
    '/people/:personId/sharing/:audienceKind/:audienceId',
    { preHandler: requireSignedIn },
    async (request, reply) => {
      const personId = pathId(request, 'personId');
      const audience = audienceFrom(request);
      if (request.actor!.kind === 'staff') return reply.redirect(audiencePath(personId, audience, true), 303);
      await request.personData.check(personId, 'sharing', 'write', 'Your sharing choices, to change them');
      const page = await readChoices(request, personId, audience, new Date());
      const parts = page.parts.filter((part) => part.state === 'share').map((part) => part.part);
      return renderChoices(reply, personId, page, request.actor, {
        parts,
        values: dateBoxes('untilDate', commonEndDate(page.parts)),
      });
    },
  );

  app.post(
    '/people/:personId/sharing/:audienceKind/:audienceId',
    { preHandler: requireSignedIn },
    async (request, reply) => {
      const personId = pathId(request, 'personId');
      const audience = audienceFrom(request);
      if (request.actor!.kind === 'staff') throw notFound();
      const now = new Date();
      const form = checkForm(choicesForm(ukDate(now)), request.body);
      // Read first: the page needs the audience's name to show errors, and it tells us whether anything changed.
      const page = await readChoices(request, personId, audience, now);
      if (!form.ok) {
        const parts = [form.values.parts ?? [], form.values.sections ?? []].flat().map(String);
        return renderChoices(reply, personId, page, request.actor, { parts, values: form.values, errors: form.errors });
      }
      const requested = requestedFromChoices([...form.data.parts, ...form.data.sections]);
      if (!sharingChanges(page.parts, requested, form.data.untilDate).length)
        return reply.redirect(`/people/${personId}/sharing?saved=unchanged`, 303);
      await request.personData.write(
        personId,
        'sharing',
        `Your sharing choices for ${page.audience.name}`,
        (stores, decision) =>
          sharing.recordChoices(stores, {
            kind: audience.kind,
            audienceId: audience.id,
            requested,
            untilDate: form.data.untilDate,
            actor: request.actor!,
            byRepresentative: decision.purpose === 'representative',
            now,
          }),
      );
      return reply.redirect(`/people/${personId}/sharing?saved=changed`, 303);
    },
  );

  // ---- A practitioner records a choice the person made with them --------------------------------

  /**
   * Only those who may record a choice get these pages; the care team gives the names of who to share with.
   * With `toRecord`, a person with their own account is refused (403, logged): they make their own choices.
   */
  const readAudiencesForRecording = async (request: FastifyRequest, personId: string, now: Date, toRecord = false) => {
    if (request.actor?.kind !== 'staff') throw notFound();
    await request.personData.check(personId, 'sharing', 'write', 'Your sharing choices, to record one');
    return request.personData.read(
      personId,
      'care_team',
      'Your care team, to record a sharing choice',
      async (stores) => {
        const staffMayRecord = await sharing.staffMayRecord(stores);
        if (toRecord && !staffMayRecord)
          throw new AppError('CW_FORBIDDEN', 'This person has their own account, so they make their own choices.');
        return {
          personName: await stores.people.name(),
          staffMayRecord,
          waiting: staffMayRecord ? await sharing.waitingChoices(stores, now) : [],
          audiences: (await sharing.audiences(stores, ukDate(now))).filter(
            (audience) => audience.kind !== 'circle_member',
          ),
        };
      },
    );
  };

  const RECORDED_FLASH: Record<string, (name: string) => string> = {
    '1': (name) => `${name}'s choices are recorded. ${name} will be told.`,
    waiting: (name) =>
      `${name}'s choices are recorded. Sharing more with you or your organisation waits until someone else in the care team confirms it.`,
    confirmed: (name) => `The choice is confirmed and now counts. ${name} will be told.`,
    declined: (name) => `The choice is not confirmed. Nothing changed, and ${name} will be told.`,
  };

  app.get('/people/:personId/sharing/record', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    if (request.actor!.kind === 'citizen') return reply.redirect(`/people/${personId}/sharing`, 303);
    const page = await readAudiencesForRecording(request, personId, new Date());
    const saved = (request.query as { saved?: string }).saved;
    return reply.render('access/views/sharing-record.njk', {
      pageTitle: `Record ${page.personName}'s sharing choices`,
      personId,
      personName: page.personName,
      staffMayRecord: page.staffMayRecord,
      waiting: page.waiting.map((row) => ({
        ...row,
        isYours: row.recorded_by_id === request.actor!.id,
        action: `/people/${personId}/sharing/record/waiting/${row.id}`,
      })),
      backLink: `/people/${personId}`,
      flash: saved && RECORDED_FLASH[saved]?.(page.personName),
      organisations: page.audiences
        .filter((audience) => audience.kind === 'organisation')
        .map((audience) => ({ ...audience, href: audiencePath(personId, audience, true) })),
      professionals: page.audiences
        .filter((audience) => audience.kind === 'staff')
        .map((audience) => ({ ...audience, href: audiencePath(personId, audience, true) })),
    });
  });

  const findRecordingAudience = async (request: FastifyRequest, personId: string, now: Date) => {
    const wanted = audienceFrom(request);
    const page = await readAudiencesForRecording(request, personId, now, true);
    const audience = page.audiences.find((candidate) => candidate.kind === wanted.kind && candidate.id === wanted.id);
    if (!audience) throw notFound();
    return { personName: page.personName, audience };
  };

  const renderRecord = (
    reply: FastifyReply,
    personId: string,
    page: { personName: string; audience: Audience },
    values: Record<string, unknown>,
    failed?: FormErrors,
  ) =>
    reply.code(failed ? 400 : 200).render('access/views/sharing-record-audience.njk', {
      pageTitle: `Record what ${page.personName} shares with ${page.audience.name}`,
      personId,
      personName: page.personName,
      audience: page.audience,
      backLink: `/people/${personId}/sharing/record`,
      action: audiencePath(personId, page.audience, true),
      parts: RECORD_PARTS.map((part) => recordItem(part, values)),
      sectionParts: PLAN_SECTION_PARTS.map((part) => recordItem(part, values)),
      untilDate: dateInputView('untilDate', values, failed, untilDateInput(ukDate(new Date()))),
      toldItems: TOLD_HOW.map((entry) => ({ value: entry.value, text: entry.text })),
      toldHow: values.toldHow,
      errors: failed?.list,
      fieldErrors: failed?.byField ?? {},
    });

  app.get(
    '/people/:personId/sharing/record/:audienceKind/:audienceId',
    { preHandler: requireSignedIn },
    async (request, reply) => {
      const personId = pathId(request, 'personId');
      if (request.actor!.kind === 'citizen') return reply.redirect(audiencePath(personId, audienceFrom(request)), 303);
      const page = await findRecordingAudience(request, personId, new Date());
      return renderRecord(reply, personId, page, {});
    },
  );

  app.post(
    '/people/:personId/sharing/record/:audienceKind/:audienceId',
    { preHandler: requireSignedIn },
    async (request, reply) => {
      const personId = pathId(request, 'personId');
      if (request.actor!.kind === 'citizen') throw notFound();
      const now = new Date();
      const form = checkForm(recordForm(ukDate(now)), request.body);
      const page = await findRecordingAudience(request, personId, now);
      if (!form.ok) return renderRecord(reply, personId, page, form.values, form.errors);
      const told = toldHowLabel(form.data.toldHow);
      const recorded = await request.personData.write(
        personId,
        'sharing',
        `Your sharing choices for ${page.audience.name}, recorded by staff (${told})`,
        (stores) =>
          sharing.recordToldChoices(stores, {
            kind: page.audience.kind,
            audienceId: page.audience.id,
            requested: requestedFromRecord(form.data),
            untilDate: form.data.untilDate,
            toldHow: form.data.toldHow,
            actor: request.actor as StaffActor,
            now,
          }),
      );
      return reply.redirect(
        `/people/${personId}/sharing/record?saved=${recorded.waiting.length ? 'waiting' : '1'}`,
        303,
      );
    },
  );

  // ---- A second member of staff confirms, or declines, a choice that widens the recorder's own access -------------

  const settleForm = z.object({
    outcome: z.enum(['confirmed', 'declined'], { message: 'Choose to confirm the choice or not' }),
  });

  app.post(
    '/people/:personId/sharing/record/waiting/:waitingId',
    { preHandler: requireSignedIn },
    async (request, reply) => {
      const personId = pathId(request, 'personId');
      const waitingId = pathId(request, 'waitingId');
      if (request.actor!.kind !== 'staff') throw notFound();
      const form = checkForm(settleForm, request.body);
      await request.personData.check(personId, 'sharing', 'write', 'Your sharing choices, to confirm one');
      // The page offers two buttons, so anything else was not sent from it.
      if (!form.ok) throw new AppError('CW_VALIDATION', 'Choose to confirm the choice or not.');
      const now = new Date();
      const outcome = form.data.outcome;
      await request.personData.write(
        personId,
        'sharing',
        outcome === 'confirmed'
          ? 'Your sharing choices: confirmed a choice another member of staff recorded'
          : 'Your sharing choices: did not confirm a choice another member of staff recorded',
        (stores) =>
          sharing.settleWaitingChoice(stores, { waitingId, outcome, actor: request.actor as StaffActor, now }),
      );
      return reply.redirect(`/people/${personId}/sharing/record?saved=${outcome}`, 303);
    },
  );
}
