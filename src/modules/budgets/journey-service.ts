import type { PersonData } from '../../data/person-data.ts';
import { ukDate } from '../../dates.ts';
import { uniqueKeyClash } from '../../db/errors.ts';
import { conflict, notFound, refused } from '../../errors.ts';
import {
  JOURNEY_STEPS,
  JOURNEY_STEP_KEYS,
  doneByRecord,
  doneWhenWords,
  nextReview,
  stepState,
  type JourneyFacts,
  type JourneyState,
  type JourneyStepKey,
  type Responsible,
} from './journey.ts';
import { EMPTY_BALANCE, streamTotals } from './ledger.ts';
import type { Budget } from './store.ts';
import type { JourneyStepRow } from './store-journey.ts';

export type { JourneyStepRow };
import type { BudgetStores } from './stores.ts';
import { mayManage, staffOnly, writtenBy } from './writer.ts';

type Data = PersonData<BudgetStores>;

/** A step as its form sends it. `who` is 'person', 'other', or a care-team place or circle member as 'team:id', 'circle:id'. */
export type StepAnswer = {
  state: JourneyState;
  nextAction: string | null;
  who: string | null;
  otherName: string | null;
  otherContact: string | null;
  expectedOn: string | null;
};

/** Who may be named as doing the next thing: the person, their current care team, their circle of support. */
async function peopleToName(stores: BudgetStores, today: string) {
  const [name, team, circle] = await Promise.all([
    stores.people.name(),
    stores.access.careTeamMembers(),
    stores.people.circleMembers(),
  ]);
  return {
    name,
    team: team.filter(
      (member) => member.from_date <= today && (member.until_date === null || member.until_date >= today),
    ),
    allTeam: team,
    circle: circle.filter((member) => member.ended_at === null),
    allCircle: circle,
  };
}
type People = Awaited<ReturnType<typeof peopleToName>>;

/** What the record shows about the budget, for the steps it decides. */
async function factsOf(stores: BudgetStores, budget: Budget): Promise<JourneyFacts> {
  const [streams, balances, lines, assessment] = await Promise.all([
    stores.budgets.streams(budget.id),
    stores.budgets.balances(budget.id),
    stores.budgets.currentLines(budget.id),
    stores.budgets.latestAssessment(),
  ]);
  return {
    hasAllocation: assessment !== undefined,
    planLines: lines.length,
    streamsGivenPence: streams.map((stream) => streamTotals(balances.get(stream.id) ?? EMPTY_BALANCE).givenPence),
  };
}

/** Who a saved step names, in words, with how to reach them when known. */
function responsibleOf(
  row: JourneyStepRow,
  people: People,
  contacts: Map<string, { work_phone: string | null; email: string }>,
) {
  if (!row.responsible_kind || !row.responsible_name) return null;
  if (row.responsible_kind === 'care_team_member') {
    const member = people.allTeam.find((candidate) => candidate.id === row.responsible_id);
    const contact = member && contacts.get(member.staff_account_id);
    return {
      kind: row.responsible_kind,
      name: member?.staff_name ?? row.responsible_name,
      role: member ? `${member.job_title}, ${member.organisation_name}` : null,
      phone: contact?.work_phone ?? null,
      email: contact?.email ?? null,
      contact: null,
    };
  }
  if (row.responsible_kind === 'circle_member') {
    const member = people.allCircle.find((candidate) => candidate.id === row.responsible_id);
    return {
      kind: row.responsible_kind,
      name: member?.name ?? row.responsible_name,
      role: member?.relationship ?? null,
      phone: member?.phone ?? null,
      email: member?.email ?? null,
      contact: null,
    };
  }
  const typed = row.responsible_kind === 'someone_else' ? row.responsible_contact : null;
  return {
    kind: row.responsible_kind,
    name: row.responsible_kind === 'person' ? people.name : row.responsible_name,
    role: null,
    phone: null,
    email: null,
    contact: typed,
  };
}

export type Responsibility = NonNullable<ReturnType<typeof responsibleOf>>;

export function createJourneyService() {
  return {
    /** The journey page: each step of the budget for today's period, who is doing what next, and review dates. */
    async journey(data: Data, personId: string, today: string) {
      return data.read(personId, 'budget', 'Your personal health budget, step by step', async (stores, decision) => {
        const [name, budget] = await Promise.all([stores.people.name(), stores.budgets.budgetFor(today)]);
        const page = { name, isThePerson: decision.purpose === 'self', mayManage: mayManage(data.actor, decision) };
        if (!budget) return { ...page, budget: undefined, steps: [], lastReviewOn: null, reviews: [] };
        const [facts, saved, people, streams, firstPayments, lastReviewAt] = await Promise.all([
          factsOf(stores, budget),
          stores.budgets.journeySteps(budget.id),
          peopleToName(stores, today),
          stores.budgets.streams(budget.id),
          stores.budgets.firstPayments(budget.id),
          stores.budgets.lastReviewAt(budget.id),
        ]);
        const named = saved.filter((row) => row.responsible_kind === 'care_team_member');
        const staffIds = people.allTeam
          .filter((member) => named.some((row) => row.responsible_id === member.id))
          .map((member) => member.staff_account_id);
        const contacts = new Map((await stores.budgets.staffContacts(staffIds)).map((row) => [row.id, row] as const));
        const lastReviewOn = lastReviewAt && ukDate(lastReviewAt);
        return {
          ...page,
          budget,
          steps: JOURNEY_STEP_KEYS.map((key) => {
            const row = saved.find((candidate) => candidate.step === key);
            return {
              key,
              ...JOURNEY_STEPS[key],
              state: stepState(key, row?.state, facts),
              doneWhen: doneWhenWords(key),
              nextAction: row?.next_action ?? null,
              expectedOn: row?.expected_on ?? null,
              responsible: row ? responsibleOf(row, people, contacts) : null,
              changedBy: row?.changed_by_name ?? null,
              changedAt: row?.changed_at ?? null,
            };
          }),
          lastReviewOn,
          reviews: streams
            .filter((stream) => stream.managed_as === 'direct_payment')
            .map((stream) => {
              const firstPaymentOn = firstPayments.get(stream.id) ?? null;
              return { funder: stream.funder_name, firstPaymentOn, ...nextReview(firstPaymentOn, lastReviewOn, today) };
            }),
        };
      });
    },

    /** What the form to change a step needs: the step as saved, its version, and who may be named. */
    async stepForm(data: Data, personId: string, step: JourneyStepKey, today: string) {
      return data.read(personId, 'budget', 'A step of your personal health budget', async (stores, decision) => {
        staffOnly(data.actor, decision);
        const budget = await stores.budgets.budgetFor(today);
        if (!budget) throw notFound();
        const [facts, row, people] = await Promise.all([
          factsOf(stores, budget),
          stores.budgets.journeyStep(budget.id, step),
          peopleToName(stores, today),
        ]);
        return {
          name: people.name,
          row,
          version: row?.version ?? 0,
          doneByRecord: doneByRecord(step, facts),
          doneWhen: doneWhenWords(step),
          team: people.team,
          circle: people.circle,
        };
      });
    },

    /** Saves a new version of a step, over the version the form was opened on (else a conflict: nothing saved). */
    async saveStep(
      data: Data,
      personId: string,
      step: JourneyStepKey,
      basedOn: number,
      answer: StepAnswer,
      today: string,
      now: Date,
    ) {
      const title = JOURNEY_STEPS[step].title;
      try {
        return await data.write(personId, 'budget', `Budget step “${title}” updated`, async (stores, decision) => {
          const actor = staffOnly(data.actor, decision);
          const budget = await stores.budgets.budgetFor(today);
          if (!budget) throw notFound();
          const current = await stores.budgets.journeyStep(budget.id, step);
          if ((current?.version ?? 0) !== basedOn) throw conflict();
          if (answer.state === 'done' && doneByRecord(step, await factsOf(stores, budget)) === false)
            throw refused(`You cannot mark this step as done. ${doneWhenWords(step)}`);
          const who = resolveWho(answer, await peopleToName(stores, today));
          const by = writtenBy(actor);
          await stores.budgets.insertJourneyStep({
            budget_id: budget.id,
            step,
            version: basedOn + 1,
            state: answer.state,
            next_action: answer.nextAction,
            responsible_kind: who?.kind ?? null,
            responsible_id: who?.id ?? null,
            responsible_name: who?.name ?? null,
            responsible_contact: who?.contact ?? null,
            expected_on: answer.expectedOn,
            changed_by_kind: by.kind,
            changed_by_id: by.id,
            changed_by_name: by.name,
            changed_at: now,
          });
          return basedOn + 1;
        });
      } catch (error) {
        // Two saves made from the same version: the second is told someone else saved first.
        if (uniqueKeyClash(error) !== undefined) throw conflict();
        throw error;
      }
    },
  };
}

/** The person a step names, from the form's choice: someone in the record today, or the name typed. */
function resolveWho(
  answer: StepAnswer,
  people: People,
): { kind: Responsible; id: string | null; name: string; contact: string | null } | null {
  const choice = answer.who;
  if (choice === null) return null;
  if (choice === 'person') return { kind: 'person', id: null, name: people.name, contact: null };
  if (choice === 'other' && answer.otherName)
    return { kind: 'someone_else', id: null, name: answer.otherName, contact: answer.otherContact };
  const [kind, id] = choice.split(':');
  const member = kind === 'team' ? people.team.find((candidate) => candidate.id === id) : undefined;
  if (member) return { kind: 'care_team_member', id: member.id, name: member.staff_name, contact: null };
  const circle = kind === 'circle' ? people.circle.find((candidate) => candidate.id === id) : undefined;
  if (circle) return { kind: 'circle_member', id: circle.id, name: circle.name, contact: null };
  throw refused('Choose who is doing it from the list.');
}

export type JourneyService = ReturnType<typeof createJourneyService>;
