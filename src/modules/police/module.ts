import { declarationsOf, type ModuleDefinition } from '../../platform/modules/module-definition.js';
import { policeFigures } from './figures.js';
import { mainCourantePart } from './main-courante/part.js';
import { workforcePart } from './workforce/part.js';

/**
 * The police module as the platform sees it. Two parts share the agents table: the workforce (headcount
 * from dated movements, statutory files, trainings, budget, agreements) and the main courante (the
 * intervention log). Police data never reaches partners outside the police roles (DESIGN.md).
 */
export const policeModule: ModuleDefinition = {
  id: 'police',
  access: {
    permissions: [
      // Aggregated figures only: headcount trajectory, training compliance rates, counts of interventions.
      'police.figures',
      // Agents, their movements and statutory files, the training catalogue, budget lines, agreements.
      'police.workforce',
      // Sessions and attendance.
      'police.trainings',
      // Write main courante entries and read them (people involved by role: police roles only).
      'police.log',
      // Validate (lock) entries; record the archives' approval of an elimination list.
      'police.validate',
    ],
    grants: {
      admin: ['police.figures', 'police.workforce', 'police.trainings'],
      coordinator: ['police.figures'],
      analyst: ['police.figures'],
      police_manager: ['police.figures', 'police.workforce', 'police.trainings', 'police.log', 'police.validate'],
      police_supervisor: ['police.figures', 'police.trainings', 'police.log', 'police.validate'],
      police_agent: ['police.log'],
    },
  },
  ...declarationsOf([workforcePart, mainCourantePart]),
  figures: policeFigures,
};
