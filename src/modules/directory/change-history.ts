import { historyLabel } from './listing-fields.ts';
import type { ListingTables } from './tables-listings.ts';

export type ChangeRecord = Pick<
  ListingTables['directory_change'],
  'object_type' | 'field' | 'old_value' | 'new_value' | 'source' | 'changed_by_name' | 'changed_at'
>;

export type ChangeGroup = {
  at: Date;
  by: string;
  how: string;
  changes: { label: string; from: string; to: string }[];
};

const HOW: Record<ChangeRecord['source'], string> = {
  import: 'Imported',
  suggestion: 'Suggestion accepted',
  steward: 'Changed by a directory keeper',
};

const shown = (value: unknown): string => {
  if (value === null || value === undefined || value === '') return 'Nothing';
  return typeof value === 'string' ? value : JSON.stringify(value);
};

/**
 * A listing's changes as a reader scans them: one group per save (the same moment, person and way), newest first,
 * each saying which fields changed from what to what. `records` come newest first.
 */
export function groupChanges(records: ChangeRecord[]): ChangeGroup[] {
  const groups: ChangeGroup[] = [];
  let key = '';
  for (const record of records) {
    const at = new Date(record.changed_at);
    const next = `${at.getTime()}|${record.changed_by_name}|${record.source}`;
    if (next !== key) {
      groups.push({ at, by: record.changed_by_name, how: HOW[record.source], changes: [] });
      key = next;
    }
    groups.at(-1)!.changes.push({
      label: historyLabel(record.object_type, record.field),
      from: shown(record.old_value),
      to: shown(record.new_value),
    });
  }
  return groups;
}
