import { formatUkDate } from '../../dates.ts';
import { PLAN_SECTIONS, type Action, type Goal, type PlanContent, type PlanSectionKey } from './content.ts';

/** One thing written in a plan, in words, under its section: what the check-answers page lists and versions are compared by. */
export type PlanField = {
  /** Stable across versions: list items are keyed by their id, so rewording an item is one change, not a removal and an addition. */
  key: string;
  sectionKey: PlanSectionKey;
  section: string;
  field: string;
  text: string;
  /** What is compared: the stored value, so a change that reads the same (a different person of the same name) still counts. */
  compare: string;
};

/** One difference between two versions, in plain words. An empty `before` means it was added; an empty `after`, removed. */
export type PlanDifference = {
  sectionKey: PlanSectionKey;
  section: string;
  field: string;
  before: string;
  after: string;
};

/** Turns a care-team or circle member's id into their name, for the "who is involved" lists. */
export type NameOf = (id: string) => string | undefined;

const GOAL_STATUS_WORDS: Record<Goal['status'], string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  achieved: 'Achieved',
  no_longer_wanted: 'No longer wanted',
};
const ACTION_STATUS_WORDS: Record<Action['status'], string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
  stopped: 'Stopped',
};
const OWNER_KIND_WORDS: Record<Action['owner']['kind'], string> = {
  person: 'the person',
  circle_member: 'circle of support',
  care_team_member: 'care team',
  organisation: 'organisation',
  other: '',
};

const titleOf = (key: PlanSectionKey): string => PLAN_SECTIONS.find((section) => section.key === key)!.title;
const empty = (value: unknown): boolean =>
  value === null || value === '' || (Array.isArray(value) && value.length === 0);
/** A list item named inside a label, cut short so labels stay readable. */
const quoted = (words: string): string => `“${words.length > 60 ? `${words.slice(0, 57).trimEnd()}…` : words}”`;
const outOfTen = (score: number | null): string => (score === null ? '' : `${score} out of 10`);

/** Everything written in a plan, section by section in task-list order, as labelled words. */
export function planFields(content: PlanContent, nameOf: NameOf = () => undefined): PlanField[] {
  const fields: PlanField[] = [];
  const add = (sectionKey: PlanSectionKey, key: string, field: string, text: string, raw: unknown = text) =>
    fields.push({
      key,
      sectionKey,
      section: titleOf(sectionKey),
      field,
      text,
      compare: empty(raw) ? '' : JSON.stringify(raw),
    });
  const names = (ids: string[]) => ids.map((id) => nameOf(id) ?? 'Someone no longer listed').join(', ');

  add('what-matters', 'whatMatters', 'What matters to me', content.whatMatters);
  add('strengths', 'strengths', 'My strengths and the support I already have', content.strengths);

  for (const need of content.needs) {
    add('needs', `need.${need.id}`, 'Need', need.description);
    for (const goal of need.goals) {
      const goalKey = `goal.${need.id}.${goal.id}`;
      const goalName = quoted(goal.inOwnWords);
      add('needs', goalKey, `Goal for ${quoted(need.description)}`, goal.inOwnWords);
      add(
        'needs',
        `${goalKey}.importance`,
        `${goalName}: how much it matters`,
        outOfTen(goal.importance),
        goal.importance,
      );
      add('needs', `${goalKey}.status`, `${goalName}: progress`, GOAL_STATUS_WORDS[goal.status]);
      add('needs', `${goalKey}.outcomes`, `${goalName}: outcomes`, goal.outcomes);
      for (const action of goal.actions) {
        const actionKey = `action.${need.id}.${goal.id}.${action.id}`;
        const actionName = quoted(action.what);
        const kind = OWNER_KIND_WORDS[action.owner.kind];
        add('needs', actionKey, `Action for ${goalName}`, action.what);
        add(
          'needs',
          `${actionKey}.owner`,
          `${actionName}: who will do it`,
          kind ? `${action.owner.name} (${kind})` : action.owner.name,
          action.owner,
        );
        add('needs', `${actionKey}.byWhen`, `${actionName}: by when`, formatUkDate(action.byWhen), action.byWhen);
        add('needs', `${actionKey}.status`, `${actionName}: progress`, ACTION_STATUS_WORDS[action.status]);
        add(
          'needs',
          `${actionKey}.confidence`,
          `${actionName}: how sure it will happen`,
          outOfTen(action.confidence),
          action.confidence,
        );
        add(
          'needs',
          `${actionKey}.reviewDate`,
          `${actionName}: review date`,
          formatUkDate(action.reviewDate),
          action.reviewDate,
        );
      }
    }
  }

  const contingency = content.contingency;
  add('contingency', 'contingency.triggers', 'What can set off a crisis', contingency.triggers);
  add('contingency', 'contingency.earlyWarningSigns', 'Early warning signs', contingency.earlyWarningSigns);
  add('contingency', 'contingency.whatShouldHappen', 'What should happen', contingency.whatShouldHappen);
  add('contingency', 'contingency.whoToContact', 'Who to contact', contingency.whoToContact);
  add('contingency', 'contingency.copingStrategies', 'Ways of coping', contingency.copingStrategies);
  add('contingency', 'contingency.advanceStatements', 'Wishes written in advance', contingency.advanceStatements);

  for (const decision of content.riskDecisions) {
    const key = `risk.${decision.id}`;
    const risk = quoted(decision.risk);
    add('risks', key, 'Risk', decision.risk);
    add('risks', `${key}.gains`, `${risk}: what is gained`, decision.gains);
    add('risks', `${key}.couldGoWrong`, `${risk}: what could go wrong`, decision.couldGoWrong);
    add('risks', `${key}.safeguards`, `${risk}: safeguards`, decision.safeguards);
    add('risks', `${key}.personView`, `${risk}: the person’s view`, decision.personView);
    add('risks', `${key}.agreedBy`, `${risk}: who agreed`, decision.agreedBy);
  }

  add(
    'people',
    'involved.careTeam',
    'Care team members involved',
    names(content.involved.careTeamMemberIds),
    [...content.involved.careTeamMemberIds].sort(),
  );
  add(
    'people',
    'involved.circle',
    'Circle of support involved',
    names(content.involved.circleMemberIds),
    [...content.involved.circleMemberIds].sort(),
  );
  add(
    'people',
    'leadProfessional',
    'Lead professional',
    content.leadProfessional?.name ?? '',
    content.leadProfessional,
  );

  add('review', 'review.date', 'Review date', formatUkDate(content.review.date), content.review.date);
  const responsible = content.review;
  add(
    'review',
    'review.responsible',
    'Who is responsible for the review',
    responsible.responsibleName,
    responsible.responsibleCareTeamMemberId === null && responsible.responsibleName === ''
      ? ''
      : [responsible.responsibleCareTeamMemberId, responsible.responsibleName],
  );

  add('funding', 'funding', 'Where the money comes from', content.funding);
  return fields;
}

/** What changed from one version to another, in page order; nothing when they are the same. */
export function planDifferences(before: PlanContent, after: PlanContent, nameOf?: NameOf): PlanDifference[] {
  const beforeFields = new Map(planFields(before, nameOf).map((field) => [field.key, field]));
  const afterFields = planFields(after, nameOf);
  const afterKeys = new Set(afterFields.map((field) => field.key));
  const removed = [...beforeFields.values()].filter((field) => !afterKeys.has(field.key));
  const differences: PlanDifference[] = [];
  for (const field of [...afterFields, ...removed]) {
    const was = beforeFields.get(field.key);
    const now = afterKeys.has(field.key) ? field : undefined;
    if ((was?.compare ?? '') === (now?.compare ?? '')) continue;
    differences.push({
      sectionKey: field.sectionKey,
      section: field.section,
      field: field.field,
      before: was?.text ?? '',
      after: now?.text ?? '',
    });
  }
  // Removed items were gathered last; put them back under their own section (the sort is stable).
  const order = (difference: PlanDifference) =>
    PLAN_SECTIONS.findIndex((section) => section.key === difference.sectionKey);
  return differences.sort((a, b) => order(a) - order(b));
}
