import type { ModulePart } from '../../../platform/modules/module-definition.js';

/** The working groups part: members only, meetings, places of concern and the actions taken there. */
export const groupsPart: ModulePart = {
  processing: [],
  retention: [],
  dataSubjects: [],
  register() {},
};
