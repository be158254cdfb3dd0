import type { ObservatoryDashboardTables } from './dashboard/tables.js';
import type { SsmsiTables } from './ssmsi/tables.js';

/** The observatory's tables, gathered from its parts. */
export interface ObservatoryTables extends SsmsiTables, ObservatoryDashboardTables {}
