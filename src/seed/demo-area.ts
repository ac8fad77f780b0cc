import type { Db } from '../db/database.ts';
import { demoSignIns, seedDemo, type DemoIds } from './demo.ts';
import { seedDemoPlan } from './demo-plan.ts';
import { seedDemoBudget } from './demo-budget.ts';
import { linkDemoServiceToOrganisation } from '../modules/directory/index.ts';
import { seedDirectoryDemo } from './directory-demo.ts';
import { DEMO_CARE_HOME_MANAGER, seedDemoCareHome } from './demo-care-home.ts';

/**
 * What the `demo` and `seed` commands add to an empty database: the demo people and staff, Aisha's agreed plan and her
 * budget, the care home she has respite stays at, and the demo community directory.
 */
export async function seedDemoArea(db: Db): Promise<DemoIds> {
  const ids = await seedDemo(db);
  await seedDemoPlan(db, ids);
  await seedDemoBudget(db, ids);
  await seedDemoCareHome(db, ids);
  await seedDirectoryDemo(db);
  // Northbridge Walking Friends run the walks: referrals to them reach Jo Kaur.
  await linkDemoServiceToOrganisation(db, 'Walk and Talk Wrenford', ids.organisations.walking!);
  return ids;
}

export const DEMO_AREA_ADDED =
  'Added the demo area: eight organisations, their staff, three people, a directory of 25 invented community services, and an agreed care and support plan, a personal budget and a care home for respite stays for Aisha Khan.';

/** Staff accounts the demo area adds to the demo's own. */
export const DEMO_AREA_STAFF = [DEMO_CARE_HOME_MANAGER];

/** Who to sign in as in the demo area, and how. */
export const demoAreaSignIns = (): string => demoSignIns(DEMO_AREA_STAFF);
