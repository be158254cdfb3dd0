import type { ModulePart } from '../../../platform/modules/module-definition.js';
import { registerLocalFigureRoutes } from './local-figure-routes.js';
import { registerSsmsiUploadPage } from './upload-page.js';

/** What the SSMSI part brings to the observatory: the import page and the local figures' routes. */
export const ssmsiPart: ModulePart = {
  // Official statistics and the State's monthly figures are counts by commune, département and month: no personal
  // data, so nothing to declare in the register, no purge rule, no data-subject source.
  processing: [],
  retention: [],
  dataSubjects: [],
  register(app, deps) {
    registerSsmsiUploadPage(app, deps);
    registerLocalFigureRoutes(app, deps);
  },
};
