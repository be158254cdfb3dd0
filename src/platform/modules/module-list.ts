import { coordinationModule } from '../../modules/coordination/module.js';
import { mediationModule } from '../../modules/mediation/module.js';
import { nightStopsModule } from '../../modules/night-stops/module.js';
import { observatoryModule } from '../../modules/observatory/module.js';
import { policeModule } from '../../modules/police/module.js';
import { preventionModule } from '../../modules/prevention/module.js';
import { reportsModule } from '../../modules/reports/module.js';
import { safePlacesModule } from '../../modules/safe-places/module.js';
import { platformModule } from '../platform-module.js';
import type { ProgrammeId } from '../programmes.js';
import type { ModuleDefinition } from './module-definition.js';

/** Every module the platform knows; each programme issue adds its own here. */
export const modules: ModuleDefinition[] = [
  platformModule,
  safePlacesModule,
  reportsModule,
  nightStopsModule,
  mediationModule,
  policeModule,
  preventionModule,
  coordinationModule,
  observatoryModule,
];

/** The modules a tenant runs: the platform and its enabled programmes. */
export const modulesOf = (programmes: readonly ProgrammeId[] | readonly string[]): ModuleDefinition[] =>
  modules.filter((m) => m.id === 'platform' || (programmes as readonly string[]).includes(m.id));
