import type { AccessTables } from '../modules/access/tables.ts';
import type { IdentityTables } from '../modules/identity/tables.ts';
import type { PeopleTables } from '../modules/people/tables.ts';
import type { PlanTables } from '../modules/plans/tables.ts';
import type { PrintTables } from '../modules/plans/tables-print.ts';
import type { BudgetTables } from '../modules/budgets/tables.ts';
import type { AllocationTables } from '../modules/budgets/tables-allocation.ts';
import type { MoneyAgreementTables } from '../modules/budgets/agreement-tables.ts';
import type { PanelTables } from '../modules/panel/tables.ts';
import type { JourneyTables } from '../modules/budgets/journey-tables.ts';
import type { NotificationTables } from '../modules/notifications/tables.ts';
import type { TeamworkTables } from '../modules/teamwork/tables.ts';
import type { DirectoryTables } from '../modules/directory/tables.ts';

/** Every table, as Kysely sees it. Each module owns and declares its own. */
export interface Database
  extends
    IdentityTables,
    PeopleTables,
    AccessTables,
    PlanTables,
    PrintTables,
    BudgetTables,
    MoneyAgreementTables,
    JourneyTables,
    PanelTables,
    NotificationTables,
    AllocationTables,
    TeamworkTables,
    DirectoryTables {}
