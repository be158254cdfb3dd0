import type { PreventionCommitmentsTables } from './commitments/tables.js';
import type { PreventionOrdersTables } from './orders/tables.js';
import type { PreventionSessionsTables } from './sessions/tables.js';

export interface PreventionTables extends PreventionSessionsTables, PreventionOrdersTables, PreventionCommitmentsTables {}
