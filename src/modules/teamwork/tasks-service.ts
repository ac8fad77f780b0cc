import type { StaffActor } from '../../data/actor.ts';
import type { AllowedDecision, PersonData } from '../../data/person-data.ts';
import { pageWithin, type Paged } from '../../data/paging.ts';
import { ukDate } from '../../dates.ts';
import { uniqueKeyClash } from '../../db/errors.ts';
import { conflict, forbidden, notFound, refused } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { Recipient } from '../notifications/index.ts';
import { writerName } from '../people/index.ts';
import type { TeamworkDeps } from './deps.ts';
import type { TaskEvent, TaskNow } from './store-tasks.ts';
import type { TeamworkStores } from './stores.ts';
import type { TaskOwnerKind, TaskPart, TaskStatus } from './tables-tasks.ts';
import { isOverdue, type OwnerChoice } from './task-rules.ts';
import { createTimelineService } from './timeline-service.ts';

// The rules of tasks about a person: who may own one, making one (from a plan action or on its own), changing its
// status, handing it over, and the lists of tasks a member of staff works from. Every change is a new event.

type Data = PersonData<TeamworkStores>;
type Stores = TeamworkStores;

export const TASK_PARTS = ['notes', 'plan'] as const;
const TASKS_PER_PAGE = 25;

/** Refusals the forms show by a field: each message names what is wrong, and which field it belongs to. */
export const TASK_REFUSALS = {
  staffGone: 'Choose someone in the care team today: they have left the team or their account is closed',
  teamGone: 'Choose a team with a place in the care team today',
  circleGone: 'Choose someone in the circle of support today: they are no longer in it',
  sameOwner: 'Choose someone other than who has the task now',
  actionGone: 'Choose an action from the plan as it is now',
  onlyDone: 'You can mark your own tasks as done',
} as const;

/** The field each refusal belongs to. */
export const refusalField = (message: string): string =>
  message === TASK_REFUSALS.actionGone ? 'plan_action' : message === TASK_REFUSALS.onlyDone ? 'status' : 'owner';

export type TaskOwner = {
  owner_kind: TaskOwnerKind;
  owner_id: string | null;
  owner_organisation_id: string | null;
  owner_name: string;
};
type Option = { value: string; text: string };

const isCurrent = (place: { from_date: string; until_date: string | null }, today: string) =>
  place.from_date <= today && (place.until_date === null || place.until_date >= today);

/** Who a task about the person may belong to today: staff in the care team, its teams, the person, their circle. */
async function ownerOptions({ access, people, teamwork }: Stores, today: string) {
  const [places, circle, name] = await Promise.all([access.careTeamMembers(), people.currentCircle(), people.name()]);
  const current = places.filter((place) => isCurrent(place, today));
  const open = await teamwork.tasks.openStaffAccounts([...new Set(current.map((place) => place.staff_account_id))]);
  const staff = new Map<string, TaskOwner>();
  const teams = new Map<string, TaskOwner>();
  for (const place of current) {
    if (open.has(place.staff_account_id))
      staff.set(place.staff_account_id, {
        owner_kind: 'staff',
        owner_id: place.staff_account_id,
        owner_organisation_id: place.organisation_id,
        owner_name: `${place.staff_name}, ${place.job_title}`,
      });
    teams.set(place.organisation_id, {
      owner_kind: 'team',
      owner_id: place.organisation_id,
      owner_organisation_id: place.organisation_id,
      owner_name: place.organisation_name,
    });
  }
  return {
    name,
    places: current,
    staff,
    teams,
    circle: new Map(
      circle.map((member): [string, TaskOwner] => [
        member.id,
        {
          owner_kind: 'circle_member',
          owner_id: member.id,
          owner_organisation_id: null,
          owner_name: `${member.name} (${member.relationship})`,
        },
      ]),
    ),
  };
}

/** The owner a choice names, as the task will record them, or a refusal saying why they cannot have it. */
function resolveOwner(options: Awaited<ReturnType<typeof ownerOptions>>, choice: OwnerChoice): TaskOwner {
  if (choice.kind === 'person')
    return { owner_kind: 'person', owner_id: null, owner_organisation_id: null, owner_name: options.name };
  const found = (choice.kind === 'staff' ? options.staff : choice.kind === 'team' ? options.teams : options.circle).get(
    choice.id,
  );
  if (found) return found;
  throw refused(
    choice.kind === 'staff'
      ? TASK_REFUSALS.staffGone
      : choice.kind === 'team'
        ? TASK_REFUSALS.teamGone
        : TASK_REFUSALS.circleGone,
  );
}

/** The form's list of owners: the person, their circle, the staff and the teams in their care team today. */
function ownerList(options: Awaited<ReturnType<typeof ownerOptions>>): Option[] {
  const entries = (map: Map<string, TaskOwner>, prefix: string) =>
    [...map.values()].map((owner) => ({ value: `${prefix}:${owner.owner_id}`, text: owner.owner_name }));
  return [
    { value: 'person', text: options.name },
    ...entries(options.circle, 'circle'),
    ...entries(options.staff, 'staff'),
    ...[...options.teams.values()].map((owner) => ({
      value: `team:${owner.owner_id}`,
      text: `${owner.owner_name} (the team)`,
    })),
  ];
}

/** The plan's current actions, by id, with what each says. */
async function planActions({ plans }: Stores) {
  const version = await plans.currentVersion();
  return new Map(
    (version?.content.needs ?? []).flatMap((need) =>
      need.goals.flatMap((goal) => goal.actions.map((action) => [action.id, action] as const)),
    ),
  );
}

/**
 * Who is told of a task given to an owner: a member of staff; for a team, the person's key worker there (telling
 * every member of a team would tell nobody in particular; the team sees it in "my team's tasks"); the person, or a
 * member of their circle, through their own account. Never the one who made the change.
 */
async function recipientsFor(
  { access }: Stores,
  owner: TaskOwner,
  places: Awaited<ReturnType<typeof ownerOptions>>['places'],
  actorId: string,
) {
  let recipients: Recipient[];
  if (owner.owner_kind === 'staff') recipients = [{ kind: 'staff', accountId: owner.owner_id! }];
  else if (owner.owner_kind === 'team')
    recipients = places
      .filter((place) => place.is_key_worker && place.organisation_id === owner.owner_id)
      .map((place) => ({ kind: 'staff', accountId: place.staff_account_id }));
  else
    recipients = (await access.linkedAccounts())
      .filter((account) =>
        owner.owner_kind === 'person'
          ? account.acting_as === 'self'
          : account.acting_as === 'circle_member' && account.circle_member_id === owner.owner_id,
      )
      .map((account) => ({ kind: 'citizen', accountId: account.account_id }));
  return recipients.filter((recipient) => recipient.accountId !== actorId);
}

/** How the one who acted is named under what they did: a representative as acting for the person. */
const byName = (data: Data, decision: AllowedDecision, personName: string) =>
  decision.purpose === 'representative' ? `${data.actor!.name}, acting for ${personName}` : writerName(data.actor!);

/** Whether the actor is staff doing care work who may change this part. */
const isCareStaff = (data: Data, decision: AllowedDecision, part: TaskPart) =>
  data.actor?.kind === 'staff' && decision.purpose === 'care' && decision.may(part, 'write');

export type NewTask = {
  planActionId: string | null;
  title: string | null;
  details: string | null;
  owner: OwnerChoice;
  dueOn: string;
};
export type StatusChange = { basedOn: number; status: TaskStatus; reason: string | null; note: string | null };
export type HandOver = { basedOn: number; owner: OwnerChoice; note: string };

export function createTaskService(deps: TeamworkDeps) {
  const { reference } = deps;

  /** Adds an event to a task, numbered after the one the change was made from; two changes from one event: 409. */
  async function changeTask(
    data: Data,
    personId: string,
    taskId: string,
    part: TaskPart,
    summary: string,
    basedOn: number,
    work: (
      task: TaskNow,
      stores: Stores,
      decision: AllowedDecision,
      name: string,
    ) => Promise<Omit<TaskEventInput, 'number'>>,
    now: Date,
  ) {
    try {
      return await data.write(personId, part, summary, async (stores, decision) => {
        const task = await stores.teamwork.tasks.task(taskId);
        if (!task || task.part !== part) throw notFound();
        if (task.current.number !== basedOn) throw conflict();
        const name = await stores.people.name();
        const event = await work(task, stores, decision, name);
        await stores.teamwork.tasks.insertEvent({ ...event, task_id: taskId, number: basedOn + 1, at: now });
        return { title: task.title };
      });
    } catch (error) {
      if (uniqueKeyClash(error) !== undefined) throw conflict();
      throw error;
    }
  }

  return {
    timeline: createTimelineService(),

    /** The person's tasks, open ones first, soonest due first; plan tasks only for readers of the plan. */
    async personTasks(data: Data, personId: string, now: Date) {
      return data.readFirst(
        personId,
        TASK_PARTS,
        () => 'The tasks about you',
        async (stores, decision) => {
          const today = ukDate(now);
          const tasks = (await stores.teamwork.tasks.tasks()).filter((task) => decision.may(task.part));
          return {
            name: await stores.people.name(),
            isThePerson: decision.purpose === 'self',
            mayAdd: isCareStaff(data, decision, 'notes') || isCareStaff(data, decision, 'plan'),
            today,
            tasks: sortTasks(tasks, today),
          };
        },
      );
    },

    /** One task with its whole history; a task of another record, or of a part the reader may not read, is not found. */
    async task(data: Data, personId: string, taskId: string, now: Date) {
      return data.readFirst(
        personId,
        TASK_PARTS,
        () => 'A task about you, and its history',
        async (stores, decision) => {
          const task = await stores.teamwork.tasks.task(taskId);
          if (!task || !decision.may(task.part)) throw notFound();
          const today = ukDate(now);
          const options = await ownerOptions(stores, today);
          const mine = await citizenOwns(data, stores, decision, task.current);
          return {
            name: options.name,
            task,
            today,
            isThePerson: decision.purpose === 'self',
            mayChange: isCareStaff(data, decision, task.part),
            mayMarkDone: data.actor?.kind === 'citizen' && mine && decision.may(task.part, 'write'),
            owners: ownerList(options),
          };
        },
      );
    },

    /** What the form for a new task offers: owners, and the plan's current actions when the reader may change the plan. */
    async newTaskForm(data: Data, personId: string, now: Date) {
      return data.readFirst(
        personId,
        TASK_PARTS,
        () => 'Who could do a task for you, to add one',
        async (stores, decision) => {
          if (!isCareStaff(data, decision, 'notes') && !isCareStaff(data, decision, 'plan')) throw forbidden();
          const options = await ownerOptions(stores, ukDate(now));
          const actions = isCareStaff(data, decision, 'plan') ? [...(await planActions(stores)).values()] : [];
          return {
            name: options.name,
            owners: ownerList(options),
            mayAddPlain: isCareStaff(data, decision, 'notes'),
            actions: actions.map((action) => ({ value: action.id, text: action.what })),
          };
        },
      );
    },

    /** Adds a task (of the part `plan` when made from a plan action) and tells its owner. */
    async create(data: Data, personId: string, answer: NewTask, now: Date) {
      const part: TaskPart = answer.planActionId ? 'plan' : 'notes';
      return data.write(
        personId,
        part,
        `Added a task about you${answer.title ? `: ${answer.title}` : ''}`,
        async (stores, decision) => {
          if (!isCareStaff(data, decision, part)) throw forbidden();
          const today = ukDate(now);
          let title = answer.title;
          if (answer.planActionId) {
            const action = (await planActions(stores)).get(answer.planActionId);
            if (!action) throw refused(TASK_REFUSALS.actionGone);
            title ??= action.what.slice(0, 200);
          }
          const options = await ownerOptions(stores, today);
          const owner = resolveOwner(options, answer.owner);
          const actor = data.actor as StaffActor;
          const id = newId();
          await stores.teamwork.tasks.insertTask({
            id,
            part,
            plan_action_id: answer.planActionId,
            title: title!,
            details: answer.details,
            created_by_kind: 'staff',
            created_by_id: actor.id,
            created_by_name: writerName(actor),
            created_at: now,
          });
          await stores.teamwork.tasks.insertEvent({
            task_id: id,
            number: 1,
            kind: 'created',
            status: 'to_do',
            reason: null,
            ...owner,
            due_on: answer.dueOn,
            note: null,
            by_kind: 'staff',
            by_id: actor.id,
            by_name: writerName(actor),
            at: now,
          });
          await tellOwner(stores, personId, id, title!, owner, options.places, actor.id, options.name);
          return id;
        },
      );
    },

    /** Changes a task's status (a delay needs a reason). Staff who may change the part; the person and their circle only mark their own done. */
    async changeStatus(data: Data, personId: string, taskId: string, part: TaskPart, change: StatusChange, now: Date) {
      return changeTask(
        data,
        personId,
        taskId,
        part,
        `Changed a task about you to ${change.status === 'to_do' ? 'to do' : change.status.replace('_', ' ')}`,
        change.basedOn,
        async (task, stores, decision, name) => {
          if (data.actor?.kind === 'citizen') {
            if (!decision.may(part, 'write') || !(await citizenOwns(data, stores, decision, task.current)))
              throw forbidden();
            if (change.status !== 'done') throw refused(TASK_REFUSALS.onlyDone);
          } else if (!isCareStaff(data, decision, part)) throw forbidden();
          return {
            ...task.current,
            kind: 'status',
            status: change.status,
            reason: change.status === 'delayed' ? change.reason : null,
            note: change.note,
            by_kind: data.actor!.kind,
            by_id: data.actor!.id,
            by_name: byName(data, decision, name),
          };
        },
        now,
      );
    },

    /** Hands a task over to someone else with a note, and tells them. */
    async handOver(data: Data, personId: string, taskId: string, part: TaskPart, change: HandOver, now: Date) {
      return changeTask(
        data,
        personId,
        taskId,
        part,
        'Handed over a task about you',
        change.basedOn,
        async (task, stores, decision, name) => {
          if (!isCareStaff(data, decision, part)) throw forbidden();
          const options = await ownerOptions(stores, ukDate(now));
          const owner = resolveOwner(options, change.owner);
          if (owner.owner_kind === task.current.owner_kind && owner.owner_id === task.current.owner_id)
            throw refused(TASK_REFUSALS.sameOwner);
          await tellOwner(stores, personId, taskId, task.title, owner, options.places, data.actor!.id, name);
          return {
            ...task.current,
            kind: 'handed_over',
            ...owner,
            note: change.note,
            by_kind: 'staff',
            by_id: data.actor!.id,
            by_name: byName(data, decision, name),
          };
        },
        now,
      );
    },

    /**
     * One page of a member of staff's open tasks: their own ('mine'), their organisation's and its staff's ('team'),
     * or those of both that are overdue ('overdue'). Only people whose record they may read for care are listed, a
     * plan task only where they may read the plan; each person shown gets a log row.
     */
    async staffTasks(
      data: Data,
      actor: StaffActor,
      tab: StaffTab,
      pageAsked: number,
      now: Date,
    ): Promise<Paged<StaffTaskRow>> {
      const today = ukDate(now);
      const refs = await reference.tasks.openTasks(
        tab === 'mine'
          ? { ownerStaffId: actor.id }
          : { ownerOrganisationId: actor.organisationId, ...(tab === 'overdue' ? { dueBefore: today } : {}) },
      );
      const people = [...new Set(refs.map((ref) => ref.person_id))];
      const [notes, plan] = await Promise.all(
        TASK_PARTS.map(async (part) => new Set(await data.listable(people, part, ['care']))),
      );
      const readable = refs.filter((ref) => (ref.part === 'plan' ? plan : notes)!.has(ref.person_id));
      const page = pageWithin(readable.length, pageAsked, TASKS_PER_PAGE);
      const onPage = readable.slice(page.offset, page.offset + page.size);
      const ids = new Map<string, string[]>();
      for (const ref of onPage) ids.set(ref.person_id, [...(ids.get(ref.person_id) ?? []), ref.task_id]);
      const listed = await data.list(
        [...ids.keys()],
        TASK_PARTS,
        'Your name and tasks, in their list of tasks',
        async (stores, decision) => {
          if (decision.purpose !== 'care') return undefined;
          const tasks = (await stores.teamwork.tasks.tasks(ids.get(decision.personId))).filter((task) =>
            decision.may(task.part),
          );
          return tasks.length ? { name: await stores.people.name(), tasks } : undefined;
        },
      );
      const shown = new Map(listed.map(({ personId, shown: person }) => [personId, person]));
      const items = onPage.flatMap((ref) => {
        const person = shown.get(ref.person_id);
        const task = person?.tasks.find((candidate) => candidate.id === ref.task_id);
        return person && task
          ? [{ personId: ref.person_id, name: person.name, task, overdue: isOverdue(task.current, today) }]
          : [];
      });
      return { total: readable.length, page, items };
    },
  };
}

type TaskEventInput = Parameters<TeamworkStores['teamwork']['tasks']['insertEvent']>[0];
export type StaffTab = 'mine' | 'team' | 'overdue';
export type StaffTaskRow = { personId: string; name: string; task: TaskNow; overdue: boolean };

/** Open tasks first (overdue ones at the top, then soonest due), then the rest, newest change first. */
function sortTasks(tasks: TaskNow[], today: string) {
  const open = tasks
    .filter((task) => ['to_do', 'in_progress', 'delayed'].includes(task.current.status))
    .sort((a, b) => (a.current.due_on ?? '9999').localeCompare(b.current.due_on ?? '9999'));
  const closed = tasks
    .filter((task) => !open.includes(task))
    .sort((a, b) => b.current.at.getTime() - a.current.at.getTime());
  return [...open, ...closed].map((task) => ({ ...task, overdue: isOverdue(task.current, today) }));
}

/** Whether a citizen's task is theirs: the person's (for them or whoever acts for them), or their own in the circle. */
async function citizenOwns(
  data: Data,
  stores: Stores,
  decision: AllowedDecision,
  current: { owner_kind: TaskOwnerKind; owner_id: string | null },
) {
  if (data.actor?.kind !== 'citizen') return false;
  if (current.owner_kind === 'person') return decision.purpose === 'self' || decision.purpose === 'representative';
  if (current.owner_kind !== 'circle_member') return false;
  const link = (await stores.access.linkedAccounts()).find((account) => account.account_id === data.actor!.id);
  return link?.circle_member_id === current.owner_id;
}

/** Tells a task's new owner, in the transaction of the change. */
async function tellOwner(
  stores: Stores,
  personId: string,
  taskId: string,
  title: string,
  owner: TaskOwner,
  places: Awaited<ReturnType<typeof ownerOptions>>['places'],
  actorId: string,
  personName: string,
) {
  const recipients = await recipientsFor(stores, owner, places, actorId);
  if (!recipients.length) return;
  const about = owner.owner_kind === 'person' ? '' : ` about ${personName}`;
  await stores.notifications.notify({
    kind: 'task_assigned',
    recipients,
    text: `A task for you${about}: ${title}`.slice(0, 500),
    link: `/people/${personId}/tasks/${taskId}`,
  });
}

export type TaskService = ReturnType<typeof createTaskService>;
export type { TaskEvent, TaskNow };
