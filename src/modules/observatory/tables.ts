import type { ObservatoryDashboardTables } from './dashboard/tables.js';

/** The observatory's tables, gathered from its parts. */
export interface ObservatoryTables extends ObservatoryDashboardTables {}
