/** The groups part's tables. */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the part's first migration.
export interface CoordinationGroupsTables {}
