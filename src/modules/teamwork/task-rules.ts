import type { TaskEvent } from './store-tasks.ts';
import type { TaskOwnerKind, TaskStatus } from './tables-tasks.ts';

// The plain rules of tasks: status words, who may own a task, what an event changed, and whether a task is late.

export const TASK_STATUSES: Record<TaskStatus, string> = {
  to_do: 'To do',
  in_progress: 'In progress',
  delayed: 'Delayed',
  done: 'Done',
  cancelled: 'Cancelled',
};

export const OPEN_STATUSES: readonly TaskStatus[] = ['to_do', 'in_progress', 'delayed'];
export const isOpen = (status: TaskStatus): boolean => OPEN_STATUSES.includes(status);

/** Open and due before today. */
export const isOverdue = (event: Pick<TaskEvent, 'status' | 'due_on'>, today: string): boolean =>
  isOpen(event.status) && event.due_on !== null && event.due_on < today;

/** Who a task can belong to, as a form names them: 'staff:<account>', 'team:<organisation>', 'person', 'circle:<member>'. */
export type OwnerChoice =
  | { kind: 'staff'; id: string }
  | { kind: 'team'; id: string }
  | { kind: 'person' }
  | { kind: 'circle_member'; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PREFIXES: Record<string, 'staff' | 'team' | 'circle_member'> = {
  staff: 'staff',
  team: 'team',
  circle: 'circle_member',
};

/** The owner a form's value names, or undefined when it names nothing a task can belong to. */
export function parseOwner(value: string): OwnerChoice | undefined {
  if (value === 'person') return { kind: 'person' };
  const [prefix, id, ...rest] = value.split(':');
  const kind = prefix ? PREFIXES[prefix] : undefined;
  if (!kind || rest.length || !id || !UUID.test(id)) return undefined;
  return { kind, id: id.toLowerCase() };
}

/** The form value for an owner. */
export const ownerValue = (owner: { owner_kind: TaskOwnerKind; owner_id: string | null }): string =>
  owner.owner_kind === 'person'
    ? 'person'
    : `${owner.owner_kind === 'circle_member' ? 'circle' : owner.owner_kind}:${owner.owner_id}`;

/** What an event changed from the one before it, in short sentences (`you` names the person when they read it). */
export function eventChanges(event: TaskEvent, before: TaskEvent | undefined, ownerName: (e: TaskEvent) => string) {
  if (!before) return [`Added, for ${ownerName(event)}, status ${TASK_STATUSES[event.status].toLowerCase()}`];
  const changes: string[] = [];
  if (event.status !== before.status)
    changes.push(
      `Status changed from ${TASK_STATUSES[before.status].toLowerCase()} to ${TASK_STATUSES[event.status].toLowerCase()}`,
    );
  if (event.owner_kind !== before.owner_kind || event.owner_id !== before.owner_id)
    changes.push(`Handed over from ${ownerName(before)} to ${ownerName(event)}`);
  if (event.due_on !== before.due_on) changes.push('Due date changed');
  return changes.length ? changes : ['No change but a note'];
}
