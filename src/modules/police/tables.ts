import type { Generated } from 'kysely';
import type { MainCouranteTables } from './main-courante/tables.js';
import type { WorkforceTables } from './workforce/tables.js';

/** An agent of the municipal police (identity only; the workforce part holds the dated movements). */
export interface PoliceAgentsTable {
  id: Generated<string>;
  tenant_id: string;
  staff_number: string;
  family_name: string;
  given_name: string;
  user_id: string | null;
  created_at: Date;
}

export interface PoliceTables extends WorkforceTables, MainCouranteTables {
  police_agents: PoliceAgentsTable;
}
