import { paceSentence, spendingPace } from '../statement.ts';

/**
 * The budget page's alert when spending is under or over what the support plan expected by today, or the reassurance
 * that it is in line; nothing when there is no plan to compare with.
 */
export function paceAlert(
  budget: { budget: { starts_on: string; ends_on: string }; plannedPence: number; spentPence: number },
  reader: { isThePerson: boolean; name: string; contact: string | null },
  today: string,
) {
  const period = { startsOn: budget.budget.starts_on, endsOn: budget.budget.ends_on };
  const pace = spendingPace(budget.plannedPence, budget.spentPence, period, today);
  if (!pace) return null;
  return { offTrack: pace.pace !== 'on_track', text: paceSentence(pace, { ...reader, endsOn: period.endsOn }) };
}
