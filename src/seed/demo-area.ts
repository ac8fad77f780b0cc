import type { Db } from '../db/database.ts';
import { seedDemo, type DemoIds } from './demo.ts';
import { seedDemoPlan } from './demo-plan.ts';
import { seedDemoBudget } from './demo-budget.ts';

/** What the `demo` and `seed` commands add to an empty database: the demo people and staff, Aisha's agreed plan and her budget. */
export async function seedDemoArea(db: Db): Promise<DemoIds> {
  const ids = await seedDemo(db);
  await seedDemoPlan(db, ids);
  await seedDemoBudget(db, ids);
  return ids;
}

export const DEMO_AREA_ADDED =
  'Added the demo area: five organisations, nine staff, three people, and an agreed care and support plan and a personal budget for Aisha Khan.';
