import { declarationsOf, type ModuleDefinition } from '../../platform/modules/module-definition.js';
import { councilPart } from './council/part.js';
import { groupsPart } from './groups/part.js';

/**
 * The coordination module: the CLSPD/CISPD (council, strategy and action sheets, tasks, funding files)
 * and its restricted working groups. Two parts: `council/` and `groups/`.
 */
export const coordinationModule: ModuleDefinition = {
  id: 'coordination',
  access: {
    permissions: [
      // Council, strategy, action sheets, funding files; create working groups and name their members.
      'coordination.manage',
      // Read the strategy, the council's decisions and one's own tasks.
      'coordination.view',
      // Take part in working groups — a group's content is still visible to its members only.
      'coordination.groups',
    ],
    grants: {
      admin: ['coordination.manage', 'coordination.view', 'coordination.groups'],
      coordinator: ['coordination.manage', 'coordination.view', 'coordination.groups'],
      police_manager: ['coordination.view', 'coordination.groups'],
      police_supervisor: ['coordination.view', 'coordination.groups'],
      mediation_manager: ['coordination.view', 'coordination.groups'],
      partner_organisation: ['coordination.view', 'coordination.groups'],
      educator: ['coordination.view'],
      analyst: ['coordination.view'],
    },
  },
  ...declarationsOf([councilPart, groupsPart]),
};
