import type { StaffActor } from '../../data/actor.ts';
import type { ShareablePart } from '../../data/person-data.ts';
import type { AudienceKind, ToldHow } from './tables.ts';

/*
 * Who may change what, in plain words (docs/who-may-change-what.md says the same, with the reasons).
 *
 * 1. Sharing choices are the person's. The person changes them, or a representative whose authority covers care
 *    and health decisions and is in force today: a lasting power of attorney for health and welfare, or a deputy
 *    for personal welfare. Money-only authority (property and financial affairs, property and affairs, an
 *    appointee) does not. (The policy says this: policy.ts, with people's authority.ts.)
 * 2. Staff in the care team who may write sharing may record a choice that a person WITHOUT their own account
 *    told them, saying how they were told. Stopping sharing takes effect at once. Sharing more with the recorder
 *    or with their organisation waits until a second member of staff in the care team, not the recorder,
 *    confirms it. When the person has an account, staff cannot record for them at all: the person (or their
 *    representative) makes the choice themself, so nobody can claim to have been told something the person
 *    could have said for themself, and no one can cut off a colleague in the person's name.
 * 3. The person, and everyone acting for them, sees every choice staff record as a notice until they have seen it.
 * 4. Care-team places are added by the key worker, the plan's lead professional, or a manager of the
 *    organisation that takes the place (for their own organisation's staff). A place is ended by the key worker,
 *    the lead professional, a manager of that place's organisation, or the member themself. The person is told.
 *    A place the current plan still names cannot end (place-duties.ts).
 */

/** How a person without an account told staff their choice, as the form offers it and the history shows it. */
export const TOLD_HOW: { value: ToldHow; text: string; label: string }[] = [
  { value: 'in_person', text: 'In person', label: 'told in person' },
  { value: 'phone', text: 'By phone', label: 'told by phone' },
  { value: 'in_writing', text: 'In writing', label: 'told in writing' },
  { value: 'advocate', text: 'Through their advocate', label: 'told through their advocate' },
];

export const toldHowLabel = (told: ToldHow): string => TOLD_HOW.find((entry) => entry.value === told)?.label ?? told;

/** Rule 2: whether sharing more with this audience would widen what the recorder, or their organisation, sees. */
export const widensRecordersAccess = (audience: { kind: AudienceKind; id: string }, recorder: StaffActor): boolean =>
  (audience.kind === 'staff' && audience.id === recorder.id) ||
  (audience.kind === 'organisation' && audience.id === recorder.organisationId);

/** Rule 2: the changes staff record, split into those that take effect now and those that wait for a colleague. */
export function splitRecorded<C extends { part: ShareablePart; decision: 'share' | 'withhold' }>(
  changes: C[],
  audience: { kind: AudienceKind; id: string },
  recorder: StaffActor,
): { now: C[]; waiting: C[] } {
  const waits = (change: C) => change.decision === 'share' && widensRecordersAccess(audience, recorder);
  return { now: changes.filter((change) => !waits(change)), waiting: changes.filter(waits) };
}

/** Rule 2: a waiting choice is settled by someone other than its recorder (the data context checks the rest). */
export const maySettle = (waiting: { recorded_by_id: string }, staff: StaffActor): boolean =>
  waiting.recorded_by_id !== staff.id;

/** What a member of staff is to one person's care team, for rule 4. */
export type TeamStanding = {
  staff: StaffActor;
  /** They hold a current key-worker place. */
  keyWorker: boolean;
  /** They hold the place the current plan names as lead professional. */
  leadProfessional: boolean;
};

/** Rule 4: whether this member of staff may add a place for someone from this organisation. */
export const mayAddPlace = (standing: TeamStanding, organisationId: string): boolean =>
  standing.keyWorker ||
  standing.leadProfessional ||
  (standing.staff.role === 'manager' && standing.staff.organisationId === organisationId);

/** Rule 4: whether this member of staff may end this place. */
export const mayEndPlace = (
  standing: TeamStanding,
  place: { staff_account_id: string; organisation_id: string },
): boolean =>
  standing.keyWorker ||
  standing.leadProfessional ||
  place.staff_account_id === standing.staff.id ||
  (standing.staff.role === 'manager' && standing.staff.organisationId === place.organisation_id);

/** Rule 4, for the add form: whose places this member of staff may add (anyone's, their organisation's, or none). */
export const addableOrganisation = (standing: TeamStanding): 'any' | { organisationId: string } | null =>
  standing.keyWorker || standing.leadProfessional
    ? 'any'
    : standing.staff.role === 'manager'
      ? { organisationId: standing.staff.organisationId }
      : null;

/** Whether someone from this organisation is among those the add form offers. */
export const mayOffer = (addable: ReturnType<typeof addableOrganisation>, organisationId: string): boolean =>
  addable === 'any' || addable?.organisationId === organisationId;
