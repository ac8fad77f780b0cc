import { formatUkDateTime } from '../../dates.ts';

// Every save of a plan is kept as its own row, and agreement points at one of them. People do not think in saves:
// they think of the versions both sides agreed ("version 2") and of the draft being worked on since. This file
// turns the saves and the agreements into that picture, without changing either.

/** One saved change to the plan: its internal number (1, 2, 3 … for every save) and when it was saved. */
export type Save = { number: number; saved_at: Date };

/** One side's agreement to one save. */
export type SideAgreement = { version_number: number; party: string; agreed_at: Date };

/** A save both sides agreed: an agreed version. */
export type AgreedVersion = {
  /** 1 for the first agreed version, 2 for the next … */
  ordinal: number;
  /** 'version 2', as a sentence names it. */
  label: string;
  /** The save that was agreed. */
  number: number;
  /** When the second side agreed it, so that it became agreed. */
  agreedAt: Date;
  /** The saves that made it: those after the agreed version before it (or from the start), oldest first. */
  saves: number[];
};

/** The saves after the newest agreed version: one draft, waiting to be agreed. */
export type Draft = {
  /** Oldest first. */
  saves: number[];
  /** No version has been agreed yet: this is the plan's first draft. */
  first: boolean;
  /** The newest save: what the draft says now. */
  newest: number;
};

export type PlanDrafts = {
  /** Oldest first. */
  agreed: AgreedVersion[];
  /** Null when the newest save is agreed. */
  draft: Draft | null;
  /**
   * How a save is named in a sentence: 'version 2' when agreed, 'the draft' when it is the draft's newest save, and
   * 'the draft as saved on 4 March 2026 at 10:02am' for any other; undefined for a number that was never saved.
   */
  labelOf: (number: number) => string | undefined;
  /** The agreed version with this ordinal (`2` for version 2), if there is one. */
  version: (ordinal: number) => AgreedVersion | undefined;
};

const SIDES = ['person', 'lead_professional'];

/** When a save became agreed: the moment the later of the two sides agreed it; undefined while a side has not. */
function agreedAt(agreements: readonly SideAgreement[]): Date | undefined {
  const times = SIDES.map((side) =>
    agreements
      .filter((row) => row.party === side)
      .reduce<Date | undefined>(
        (earliest, row) => (earliest && earliest <= row.agreed_at ? earliest : row.agreed_at),
        undefined,
      ),
  );
  return times.every(Boolean) ? new Date(Math.max(...times.map((time) => time!.getTime()))) : undefined;
}

/** The agreed versions and the draft of a plan, from its saves (in any order) and every side's agreements. */
export function planDrafts(saves: readonly Save[], agreements: readonly SideAgreement[]): PlanDrafts {
  const ordered = [...saves].sort((a, b) => a.number - b.number);
  const savedAt = new Map(ordered.map((save) => [save.number, save.saved_at]));
  const agreed: AgreedVersion[] = [];
  let since = 0;
  for (const save of ordered) {
    const at = agreedAt(agreements.filter((row) => row.version_number === save.number));
    if (!at) continue;
    const ordinal = agreed.length + 1;
    agreed.push({
      ordinal,
      label: `version ${ordinal}`,
      number: save.number,
      agreedAt: at,
      saves: ordered.filter((one) => one.number > since && one.number <= save.number).map((one) => one.number),
    });
    since = save.number;
  }
  const after = ordered.filter((save) => save.number > since).map((save) => save.number);
  const draft = after.length ? { saves: after, first: agreed.length === 0, newest: after.at(-1)! } : null;
  const byNumber = new Map(agreed.map((version) => [version.number, version]));
  return {
    agreed,
    draft,
    labelOf: (number) => {
      const version = byNumber.get(number);
      if (version) return version.label;
      if (number === draft?.newest) return 'the draft';
      const at = savedAt.get(number);
      return at && `the draft as saved on ${formatUkDateTime(at)}`;
    },
    version: (ordinal) => agreed[ordinal - 1],
  };
}

/** '1 change', '6 changes'. */
export const changesInWords = (count: number): string => `${count} ${count === 1 ? 'change' : 'changes'}`;
