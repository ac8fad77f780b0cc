import { AppError } from '../errors.ts';

// A place in the circle of support or the care team cannot end while the current plan still asks something of
// whoever holds it. The modules that own those places ask through this contract; the plans module answers.

/** Someone a plan names by id. */
export type PlaceHolder = { kind: 'circle_member' | 'care_team_member'; id: string };

/** An action still to do, with the goal it serves. */
export type OwnedAction = { id: string; what: string; goal: string };

/**
 * Something in the plan that only this member holds. `summary` is one line for an error summary; a page shows
 * `message`, the actions (when the reader may see the plan), `advice` and, for those who may change the plan,
 * a link to where.
 */
export type PlaceDuty = {
  summary: string;
  message: string;
  actions: OwnedAction[];
  advice: string;
  change: { href: string; text: string } | null;
};

/** What the person asking may do with the plan, which decides how much the duties say. */
export type DutyReader = { mayReadPlan: boolean; mayChangePlan: boolean };

/** What the plan still asks of a place's holder, read with the stores of the person whose place it is. */
export type DutiesOf<S> = (stores: S, holder: PlaceHolder, name: string, reader: DutyReader) => Promise<PlaceDuty[]>;

/** Refuses to end a place the plan still needs: thrown inside the write, so the check and the end stand or fall together. */
export class PlaceStillNeeded extends AppError {
  override name = 'PlaceStillNeeded';
  readonly duties: PlaceDuty[];
  /** Whose place it is, for the page that says why. */
  readonly holder: { id: string; name: string };
  constructor(duties: PlaceDuty[], holder: { id: string; name: string }) {
    super('CW_REFUSED', duties.map((duty) => duty.summary).join(' '));
    this.duties = duties;
    this.holder = holder;
  }
}
