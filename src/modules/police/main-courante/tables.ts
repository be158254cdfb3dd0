/** The main courante's tables (entries, people by role, amendments, elimination lists): added by its work. */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the main courante part
export interface MainCouranteTables {}
