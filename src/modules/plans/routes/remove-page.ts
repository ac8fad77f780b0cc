import { z } from 'zod';
import type { PlanContent } from '../content.ts';
import type { PlanSection } from '../editing-service.ts';
import { short, type PageContext, type QuestionPage } from './question-page.ts';

/** What the confirmation page shows: the words of what goes, and anything that goes with it. */
export type Removal = { removing: string; goesWith: string };

/** What a removal page removes, and how. */
type Removable = {
  section: PlanSection;
  /** In words, such as 'need' or 'positive-risk decision'. */
  kind: string;
  after: (base: string) => string;
  /** Undefined when what the address names is no longer in the plan. */
  describe: (context: PageContext) => Removal | undefined;
  remove: (plan: PlanContent, context: PageContext) => PlanContent;
};

const withArticle = (kind: string) => `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;

/** A confirmation page: removing makes a new version, so what is removed stays in the earlier ones. */
export const removePage = ({ section, kind, after, describe, remove }: Removable): QuestionPage => ({
  section,
  template: 'section-remove.njk',
  title: `Remove ${withArticle(kind)}`,
  labels: {},
  after,
  schema: () => z.object({}),
  values: () => ({}),
  view: (context) => ({ kind, ...describe(context) }),
  apply: (plan, _answer, context) => remove(plan, context),
  summary: (_answer, context) => `Removed ${withArticle(kind)}: ${short(describe(context)?.removing ?? '')}`,
  typed: (context) => {
    const removal = describe(context);
    return [
      {
        label: 'You asked to remove',
        value: removal ? `the ${kind}: ${removal.removing}` : `${withArticle(kind)} that is no longer in the plan`,
      },
    ];
  },
});
