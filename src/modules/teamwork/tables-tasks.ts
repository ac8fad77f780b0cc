// The tasks tables of the teamwork module, as Kysely sees them: a task, the events that make its history, and the
// team's notes on the shared timeline. Rows are only ever added.

export type TaskPart = 'plan' | 'notes';
export type TaskStatus = 'to_do' | 'in_progress' | 'delayed' | 'done' | 'cancelled';
export type TaskOwnerKind = 'staff' | 'team' | 'person' | 'circle_member';
export type TaskEventKind = 'created' | 'status' | 'handed_over';

export interface TaskTables {
  task: {
    person_id: string;
    id: string;
    part: TaskPart;
    /** The plan action it was made from: set exactly when the part is 'plan'. */
    plan_action_id: string | null;
    title: string;
    details: string | null;
    created_by_kind: 'staff' | 'citizen';
    created_by_id: string;
    created_by_name: string;
    created_at: Date;
  };
  /** One thing that happened to a task, with the whole state after it; the newest event is the task as it is now. */
  task_event: {
    person_id: string;
    task_id: string;
    /** 1 for the task being made, then one more for each change. */
    number: number;
    kind: TaskEventKind;
    status: TaskStatus;
    /** Why it is delayed (required then), or null. */
    reason: string | null;
    owner_kind: TaskOwnerKind;
    /** A staff account, an organisation, a circle member; null for the person. */
    owner_id: string | null;
    /** The organisation of a staff or team owner, for "my team's tasks". */
    owner_organisation_id: string | null;
    owner_name: string;
    due_on: string | null;
    /** What the person who made the change said: a hand-over note, for instance. */
    note: string | null;
    by_kind: 'staff' | 'citizen';
    by_id: string;
    by_name: string;
    at: Date;
  };
  team_note: {
    person_id: string;
    id: string;
    body: string;
    written_by_kind: 'staff' | 'citizen';
    written_by_id: string;
    written_by_name: string;
    written_at: Date;
  };
}
