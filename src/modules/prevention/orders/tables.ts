/** The orders part's tables: added by its work. */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the orders part
export interface PreventionOrdersTables {}
