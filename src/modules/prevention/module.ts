import { declarationsOf, type ModuleDefinition } from '../../platform/modules/module-definition.js';
import { commitmentsPart } from './commitments/part.js';
import { preventionFigures } from './figures.js';
import { ordersPart } from './orders/part.js';
import { sessionsPart } from './sessions/part.js';

/**
 * The prevention module as the platform sees it. Three parts: programmes and their sessions (schools,
 * associations, goals), municipal orders with the collections of nitrous-oxide cartridges, and the freedom
 * zone's commitments (its public page `zone-de-liberte` is reached from the orders page and the staff pages:
 * a module has one home link, and « arretes » keeps it).
 */
export const preventionModule: ModuleDefinition = {
  id: 'prevention',
  publicPage: 'arretes',
  access: {
    permissions: [
      // Programmes, partner associations, goals, schools, commitments.
      'prevention.manage',
      // Plan and record sessions (and their evaluations).
      'prevention.sessions',
      // Municipal and prefectoral orders.
      'prevention.orders',
      // Collections of cartridges and bottles.
      'prevention.collections',
    ],
    grants: {
      admin: ['prevention.manage', 'prevention.sessions', 'prevention.orders', 'prevention.collections'],
      coordinator: ['prevention.manage', 'prevention.sessions', 'prevention.orders', 'prevention.collections'],
      educator: ['prevention.sessions'],
      mediator: ['prevention.sessions', 'prevention.collections'],
      mediation_manager: ['prevention.sessions', 'prevention.collections'],
      partner_organisation: ['prevention.sessions'],
      police_manager: ['prevention.collections'],
      police_supervisor: ['prevention.collections'],
      police_agent: ['prevention.collections'],
    },
  },
  ...declarationsOf([sessionsPart, ordersPart, commitmentsPart]),
  figures: preventionFigures,
};
