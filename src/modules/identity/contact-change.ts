import type { WorkingDay } from './working-hours.ts';

/** A change to how people reach a member of staff: every field, null (or no days) for one left empty. */
export type ContactChange = {
  workPhone: string | null;
  /** Null: people use their sign-in email. */
  workEmail: string | null;
  team: string | null;
  workingDays: WorkingDay[];
  /** 'HH:MM', 24-hour clock: both or neither. */
  workingFrom: string | null;
  workingUntil: string | null;
};
