import type { ModulePart } from '../../../platform/modules/module-definition.js';
import { registerCouncilApi } from './council-api.js';
import { registerCouncilPage } from './council-page.js';
import { registerFundingPages } from './funding-pages.js';
import { registerSessionPage } from './session-page.js';
import { registerSheetPage } from './sheet-page.js';
import { registerStrategyPage } from './strategy-page.js';
import { registerTasksPage } from './tasks-page.js';

/** The council part: members, sessions, decisions, the strategy and its action sheets, tasks, funding files. */
export const councilPart: ModulePart = {
  // Council members are named with their function (public office holders and partners' representatives),
  // and tasks name their owner (a staff account). Both are kept as long as the council's records; a member
  // or an account removed from the platform is handled by the platform's own register.
  processing: [],
  retention: [],
  dataSubjects: [],
  register(app, deps) {
    registerCouncilPage(app, deps);
    registerSessionPage(app, deps);
    registerStrategyPage(app, deps);
    registerSheetPage(app, deps);
    registerTasksPage(app, deps);
    registerFundingPages(app, deps);
    registerCouncilApi(app, deps);
  },
};
