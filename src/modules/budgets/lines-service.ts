import type { PersonData } from '../../data/person-data.ts';
import { conflict, notFound, refused } from '../../errors.ts';
import { uniqueKeyClash } from '../../db/errors.ts';
import { newId } from '../../ids.ts';
import { planGoals } from './goals.ts';
import type { SupportPlanLine } from './store.ts';
import type { BudgetStores } from './stores.ts';
import type { Frequency, SpendingCategory } from './terms.ts';
import { staffOnly, writtenBy } from './writer.ts';

type Data = PersonData<BudgetStores>;

/** A line of the costed support plan as its form sends it. */
export type LineAnswer = {
  what: string;
  provider: string;
  unitCostPence: number;
  quantity: number;
  frequency: Frequency;
  category: SpendingCategory;
  goalId: string | null;
  streamId: string;
};

export function createLinesService() {
  /** Writes a version of a line: the first of a new line, or the one after `basedOn`. */
  async function writeVersion(
    data: Data,
    personId: string,
    summary: string,
    change: { lineId: string; basedOn: number; answer: LineAnswer | null; removed: boolean },
    now: Date,
  ) {
    try {
      return await data.write(personId, 'budget', summary, async ({ budgets, plans }, decision) => {
        const actor = staffOnly(data.actor, decision);
        const previous = change.basedOn > 0 ? await budgets.lineVersion(change.lineId) : undefined;
        if (change.basedOn > 0 && (!previous || previous.removed)) throw notFound();
        if (previous && previous.version !== change.basedOn) throw conflict();
        const answer = change.answer ?? lineAnswerOf(previous!);
        const stream = await budgets.streamById(answer.streamId);
        if (!stream || (previous && stream.budget_id !== previous.budget_id))
          throw refused('Choose which funding pays for this.');
        if (change.answer?.goalId) {
          const goals = await planGoals(plans, decision);
          if (!goals?.some((goal) => goal.id === change.answer!.goalId)) throw refused('Choose a goal from the plan.');
        }
        const by = writtenBy(actor);
        await budgets.insertLineVersion({
          budget_id: stream.budget_id,
          line_id: change.lineId,
          version: change.basedOn + 1,
          what: answer.what,
          provider: answer.provider,
          unit_cost_pence: answer.unitCostPence,
          quantity: answer.quantity,
          frequency: answer.frequency,
          category: answer.category,
          goal_id: answer.goalId,
          stream_id: answer.streamId,
          removed: change.removed,
          changed_by_kind: by.kind,
          changed_by_id: by.id,
          changed_by_name: by.name,
          changed_at: now,
        });
        return change.lineId;
      });
    } catch (error) {
      // Two changes made from the same version: the second is told someone else saved first.
      if (uniqueKeyClash(error) !== undefined) throw conflict();
      throw error;
    }
  }

  return {
    add: (data: Data, personId: string, answer: LineAnswer, now: Date) =>
      writeVersion(
        data,
        personId,
        `Added to the support plan: ${answer.what}`,
        { lineId: newId(), basedOn: 0, answer, removed: false },
        now,
      ),
    change: (data: Data, personId: string, lineId: string, basedOn: number, answer: LineAnswer, now: Date) =>
      writeVersion(
        data,
        personId,
        `Changed in the support plan: ${answer.what}`,
        { lineId, basedOn, answer, removed: false },
        now,
      ),
    remove: (data: Data, personId: string, lineId: string, basedOn: number, what: string, now: Date) =>
      writeVersion(
        data,
        personId,
        `Removed from the support plan: ${what}`,
        { lineId, basedOn, answer: null, removed: true },
        now,
      ),
    /** One line, as its change and remove pages show it. */
    async line(data: Data, personId: string, lineId: string) {
      return data.read(personId, 'budget', 'A line of your support plan', async ({ budgets }, decision) => {
        staffOnly(data.actor, decision);
        const line = await budgets.lineVersion(lineId);
        if (!line || line.removed) throw notFound();
        return line;
      });
    },
  };
}

const lineAnswerOf = (line: Omit<SupportPlanLine, 'added_at'>): LineAnswer => ({
  what: line.what,
  provider: line.provider,
  unitCostPence: line.unit_cost_pence,
  quantity: line.quantity,
  frequency: line.frequency,
  category: line.category as SpendingCategory,
  goalId: line.goal_id,
  streamId: line.stream_id,
});

export type LinesService = ReturnType<typeof createLinesService>;
