import type { ModulePart } from '../../../platform/modules/module-definition.js';

/** The council part: members, sessions, decisions, the strategy and its action sheets, tasks, funding files. */
export const councilPart: ModulePart = {
  processing: [],
  retention: [],
  dataSubjects: [],
  register() {},
};
