import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ukDate } from '../../../dates.ts';
import { notFound } from '../../../errors.ts';
import { isUuid } from '../../../ids.ts';
import { dateInputView } from '../../../web/date-field.ts';
import { checkForm, fieldError, type FormErrors } from '../../../web/forms.ts';
import { pageAsked } from '../../../web/paging.ts';
import { pathId } from '../../../web/params.ts';
import { renderConflict, unlessRefused } from '../../../web/refusals.ts';
import { onlyFor, requireSignedIn, requireStaff } from '../../identity/index.ts';
import { refusalField, type StaffTab, type TaskService } from '../tasks-service.ts';
import { DUE_DATE, STATUS_CHOICES, handOverForm, newTaskForm, statusForm } from './task-forms.ts';
import { describeTask, describeTaskWithHistory, paginationKeeping } from './task-view.ts';
import { registerTimelineRoutes } from './timeline.ts';

// The pages of tasks: a person's tasks, adding one, one task with its history (changing its status, handing it
// over), and a member of staff's lists of tasks.

type Form = { values: Record<string, unknown>; errors?: FormErrors };
const tasksPath = (personId: string) => `/people/${personId}/tasks`;

const taskId = (request: FastifyRequest): string => {
  const value = (request.params as { taskId?: unknown }).taskId;
  if (!isUuid(value)) throw notFound();
  return value.toLowerCase();
};

const DONE: Record<string, string> = {
  added: 'The task has been added.',
  status: 'The task’s status has been changed.',
  done: 'The task is marked as done.',
  handed: 'The task has been handed over.',
};

const TABS: Record<StaffTab, string> = { mine: 'My tasks', team: 'My team’s tasks', overdue: 'Overdue' };

export function registerTaskRoutes(app: FastifyInstance, tasks: TaskService): void {
  registerTimelineRoutes(app, tasks.timeline);

  app.get('/people/:personId/tasks', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const page = await tasks.personTasks(request.personData, personId, new Date());
    const { done } = request.query as { done?: string };
    const described = page.tasks.map((task) => describeTask(task, page.today, page.isThePerson));
    return reply.render('teamwork/views/tasks.njk', {
      pageTitle: page.isThePerson ? 'Your tasks' : `Tasks – ${page.name}`,
      backLink: `/people/${personId}`,
      flash: done ? DONE[done] : undefined,
      personId,
      name: page.name,
      isThePerson: page.isThePerson,
      mayAdd: page.mayAdd,
      open: described.filter((task) => ['to_do', 'in_progress', 'delayed'].includes(task.statusCode)),
      closed: described.filter((task) => !['to_do', 'in_progress', 'delayed'].includes(task.statusCode)),
    });
  });

  async function renderNew(request: FastifyRequest, reply: FastifyReply, form: Form) {
    const personId = pathId(request, 'personId');
    const page = await tasks.newTaskForm(request.personData, personId, new Date());
    return reply.render('teamwork/views/task-new.njk', {
      pageTitle: 'Add a task',
      backLink: tasksPath(personId),
      personId,
      name: page.name,
      owners: page.owners,
      actions: [...(page.mayAddPlain ? [{ value: 'none', text: 'Not from the plan' }] : []), ...page.actions],
      values: { plan_action: page.mayAddPlain ? 'none' : undefined, ...form.values },
      due: dateInputView('due', form.values, form.errors, DUE_DATE),
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  app.get('/people/:personId/tasks/new', { preHandler: requireSignedIn }, async (request, reply) =>
    renderNew(request, reply, { values: {} }),
  );

  app.post('/people/:personId/tasks', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const form = checkForm(newTaskForm(), request.body);
    if (!form.ok) return renderNew(request, reply.code(400), form);
    const answer = form.data;
    return unlessRefused(
      async () => {
        const id = await tasks.create(
          request.personData,
          personId,
          {
            planActionId: answer.plan_action,
            title: answer.title,
            details: answer.details,
            owner: answer.owner,
            dueOn: answer.due,
          },
          new Date(),
        );
        return reply.redirect(`${tasksPath(personId)}/${id}?done=added`, 303);
      },
      'CW_REFUSED',
      (error) =>
        renderNew(request, reply.code(400), {
          values: request.body as Record<string, unknown>,
          errors: fieldError(refusalField(error.message), error.message),
        }),
    );
  });

  async function renderTask(request: FastifyRequest, reply: FastifyReply, form: Form & { which?: string }) {
    const personId = pathId(request, 'personId');
    const page = await tasks.task(request.personData, personId, taskId(request), new Date());
    const task = describeTaskWithHistory(page.task, page.today, page.isThePerson);
    const { done } = request.query as { done?: string };
    return reply.render('teamwork/views/task.njk', {
      pageTitle: page.isThePerson ? `Your task: ${task.title}` : `Task – ${page.name}`,
      backLink: tasksPath(personId),
      flash: done && !form.errors ? DONE[done] : undefined,
      personId,
      name: page.name,
      isThePerson: page.isThePerson,
      task,
      mayChange: page.mayChange,
      mayMarkDone: page.mayMarkDone && !['done', 'cancelled'].includes(task.statusCode),
      statuses: Object.entries(STATUS_CHOICES).map(([value, text]) => ({ value, text })),
      owners: page.owners.filter((owner) => owner.value !== task.ownerValue),
      which: form.which,
      values: form.values,
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  app.get('/people/:personId/tasks/:taskId', { preHandler: requireSignedIn }, async (request, reply) =>
    renderTask(request, reply, { values: {} }),
  );

  /** The page shown when someone else changed the task first: what is saved now, and what was sent. */
  async function renderTaskConflict(request: FastifyRequest, reply: FastifyReply) {
    const personId = pathId(request, 'personId');
    const page = await tasks.task(request.personData, personId, taskId(request), new Date());
    const body = (request.body ?? {}) as Record<string, unknown>;
    return renderConflict(reply, 'teamwork/views/task-conflict.njk', {
      pageTitle: 'Someone else changed this task',
      personId,
      name: page.name,
      task: describeTaskWithHistory(page.task, page.today, page.isThePerson),
      typed: [body.reason, body.note].filter((value) => typeof value === 'string' && value.trim()),
    });
  }

  /**
   * Saves a change to a task, then goes back to it with `done`; someone else's change first shows the conflict page,
   * and a refusal shows the task again with the message by the field of the form (`which`) it belongs to.
   */
  const saveChange = (
    request: FastifyRequest,
    reply: FastifyReply,
    which: 'status' | 'owner',
    save: () => Promise<unknown>,
    done: string,
  ) =>
    unlessRefused(
      () =>
        unlessRefused(
          async () => {
            await save();
            return reply.redirect(`${tasksPath(pathId(request, 'personId'))}/${taskId(request)}?done=${done}`, 303);
          },
          'CW_CONFLICT',
          () => renderTaskConflict(request, reply),
        ),
      'CW_REFUSED',
      (error) =>
        renderTask(request, reply.code(400), {
          values: request.body as Record<string, unknown>,
          errors: fieldError(refusalField(error.message), error.message),
          which,
        }),
    );

  app.post('/people/:personId/tasks/:taskId/status', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const id = taskId(request);
    const form = checkForm(statusForm(), request.body);
    if (!form.ok) return renderTask(request, reply.code(400), { ...form, which: 'status' });
    const { based_on, part, status, reason, note } = form.data;
    const change = { basedOn: based_on, status, reason, note };
    return saveChange(
      request,
      reply,
      'status',
      () => tasks.changeStatus(request.personData, personId, id, part, change, new Date()),
      status === 'done' ? 'done' : 'status',
    );
  });

  app.post('/people/:personId/tasks/:taskId/hand-over', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const id = taskId(request);
    const form = checkForm(handOverForm(), request.body);
    if (!form.ok) return renderTask(request, reply.code(400), { ...form, which: 'owner' });
    const { based_on, part, owner, note } = form.data;
    const change = { basedOn: based_on, owner, note };
    return saveChange(
      request,
      reply,
      'owner',
      () => tasks.handOver(request.personData, personId, id, part, change, new Date()),
      'handed',
    );
  });

  app.get('/tasks', { preHandler: [requireStaff, onlyFor('workOnTasks')] }, async (request, reply) => {
    const actor = request.actor;
    if (actor?.kind !== 'staff') throw notFound();
    const asked = (request.query as { show?: unknown }).show;
    const tab: StaffTab = asked === 'team' || asked === 'overdue' ? asked : 'mine';
    const now = new Date();
    const today = ukDate(now);
    const listed = await tasks.staffTasks(request.personData, actor, tab, pageAsked(request), now);
    const pagination = paginationKeeping(
      '/tasks',
      tab === 'mine' ? '' : `show=${tab}`,
      listed.page,
      `Pages of ${TABS[tab].toLowerCase()}`,
    );
    return reply.render('teamwork/views/staff-tasks.njk', {
      pageTitle: TABS[tab],
      tab,
      tabs: Object.entries(TABS).map(([value, text]) => ({
        text,
        href: value === 'mine' ? '/tasks' : `/tasks?show=${value}`,
        current: value === tab,
      })),
      total: listed.total,
      rows: listed.items.map((item) => ({
        personId: item.personId,
        name: item.name,
        ...describeTask(item.task, today, false),
      })),
      pagination,
    });
  });
}
