/** The sessions part's tables: added by its work. */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the sessions part
export interface PreventionSessionsTables {}
