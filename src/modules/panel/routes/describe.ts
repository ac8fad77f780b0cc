import { formatUkDate, formatUkDateTime } from '../../../dates.ts';
import { MANAGED_AS, STREAM_KINDS, formatPence, type ManagedAs, type StreamKind } from '../../budgets/index.ts';
import type { CaseHistory } from '../case-status.ts';
import { OUTCOME_WORDS } from '../panel-service.ts';

// How a case reads on a page: figures in pounds, words for every code.

const GOAL_STATUS: Record<string, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  achieved: 'Achieved',
  no_longer_wanted: 'No longer wanted',
};

export function describeCase(history: CaseHistory) {
  const { submission } = history;
  const content = submission.content;
  const budget = content.budget;
  return {
    id: submission.id,
    sentOn: formatUkDate(submission.submitted_at),
    sentBy: submission.submitted_by_name,
    askingFor: submission.asking_for,
    personView: submission.person_view,
    agreedBy: submission.agreed_by,
    waiting: history.waiting,
    whatMatters: content.whatMatters,
    needs: content.needs?.map((need) => ({
      ...need,
      goals: need.goals.map((goal) => ({
        ...goal,
        status: GOAL_STATUS[goal.status] ?? goal.status,
        actions: goal.actions.map((action) => ({ ...action, byWhen: formatUkDate(action.byWhen) })),
      })),
    })),
    crisis: content.crisis,
    risks: content.risks,
    budget: budget && {
      period: `${formatUkDate(budget.startsOn)} to ${formatUkDate(budget.endsOn)}`,
      given: formatPence(budget.givenPence),
      planned: formatPence(budget.plannedPence),
      over: budget.plannedPence > budget.givenPence ? formatPence(budget.plannedPence - budget.givenPence) : null,
      streams: budget.streams.map((stream) => ({
        funder: stream.funder,
        kind: STREAM_KINDS[stream.kind as StreamKind],
        managedAs: MANAGED_AS[stream.managedAs as ManagedAs].name,
        given: formatPence(stream.givenPence),
      })),
      lines: budget.lines.map((line) => ({ ...line, cost: formatPence(line.costPence) })),
    },
    events: [
      ...history.decisions.map((decision) => ({
        at: decision.decided_at,
        when: formatUkDateTime(decision.decided_at),
        heading: `Decision: ${OUTCOME_WORDS[decision.outcome]}`,
        reasons: decision.reasons,
        conditions: decision.conditions,
        risks: decision.risks,
        by: decision.decided_by_name,
      })),
      ...history.reconsiderations.map((asked) => ({
        at: asked.asked_at,
        when: formatUkDateTime(asked.asked_at),
        heading: 'Asked to look at the decision again',
        reasons: asked.reason,
        conditions: '',
        risks: '',
        by: asked.asked_by_name,
      })),
    ].sort((a, b) => b.at.getTime() - a.at.getTime()),
  };
}
