/** The workforce part's tables (movements, statutory files, trainings, budget, agreements): added by its work. */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the workforce part
export interface WorkforceTables {}
