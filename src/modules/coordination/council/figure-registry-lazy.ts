/**
 * The figure registry reads the list of modules, and that list holds this module: importing the registry when
 * a figure is first needed (not while the modules load) keeps the import graph free of a cycle that would leave
 * this part undefined when the module gathers its parts.
 */
export const figureRegistry = () => import('../../../platform/figures/figure-registry.js');
