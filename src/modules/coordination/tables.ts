import type { CoordinationCouncilTables } from './council/tables.js';
import type { CoordinationGroupsTables } from './groups/tables.js';

export interface CoordinationTables extends CoordinationCouncilTables, CoordinationGroupsTables {}
