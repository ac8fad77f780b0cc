import type { Page } from '../../../data/paging.ts';
import { formatUkDate, formatUkDateTime } from '../../../dates.ts';
import { paginationView } from '../../../web/paging.ts';
import type { TaskEvent, TaskNow } from '../tasks-service.ts';
import { TASK_STATUSES, eventChanges, isOverdue, ownerValue } from '../task-rules.ts';

// How a task reads on a page: words for every code, "you" for the person when they read about themselves.

/** Who has a task, as the reader sees them: "you" to the person. */
export const ownerWords = (event: Pick<TaskEvent, 'owner_kind' | 'owner_name'>, isThePerson: boolean): string =>
  event.owner_kind === 'person' && isThePerson ? 'you' : event.owner_name;

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A task in a list: title, who has it, when it is due, its status, and whether it is late. */
export function describeTask(task: TaskNow, today: string, isThePerson: boolean) {
  const { current } = task;
  return {
    id: task.id,
    title: task.title,
    fromPlan: task.part === 'plan',
    owner: capitalised(ownerWords(current, isThePerson)),
    due: current.due_on ? formatUkDate(current.due_on) : 'No date',
    status: TASK_STATUSES[current.status],
    statusCode: current.status,
    reason: current.reason,
    overdue: isOverdue(current, today),
  };
}

/** A task with its history, newest first, each event saying who, when, what changed and their note. */
export function describeTaskWithHistory(task: TaskNow & { history: TaskEvent[] }, today: string, isThePerson: boolean) {
  const name = (event: TaskEvent) => ownerWords(event, isThePerson);
  return {
    ...describeTask(task, today, isThePerson),
    part: task.part,
    details: task.details,
    number: task.current.number,
    ownerValue: ownerValue(task.current),
    history: task.history
      .map((event, index) => ({
        when: formatUkDateTime(event.at),
        by: event.by_name,
        changes: eventChanges(event, task.history[index - 1], name),
        reason: event.kind === 'status' && event.status === 'delayed' ? event.reason : null,
        note: event.note,
      }))
      .reverse(),
  };
}

/** The pagination of a list at `path` whose other settings (a tab, a filter) are kept in `query` on every page. */
export function paginationKeeping(path: string, query: string, page: Page, landmarkLabel: string) {
  const view = paginationView(path, page, landmarkLabel);
  if (!view || !query) return view;
  const keep = (href: string) => {
    const number = new URLSearchParams(href.split('?')[1] ?? '').get('page');
    return `${path}?${query}${number ? `&page=${number}` : ''}`;
  };
  return {
    ...view,
    previous: view.previous && { href: keep(view.previous.href) },
    next: view.next && { href: keep(view.next.href) },
    items: view.items.map((item) => ('href' in item ? { ...item, href: keep(item.href) } : item)),
  };
}
