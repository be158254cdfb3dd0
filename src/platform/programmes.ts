/** The programmes (module ids of DESIGN.md) a tenant may run. */
export const programmeIds = [
  'safe-places',
  'night-stops',
  'reports',
  'mediation',
  'police',
  'prevention',
  'coordination',
  'observatory',
] as const;

export type ProgrammeId = (typeof programmeIds)[number];

export const isProgrammeId = (value: string): value is ProgrammeId => (programmeIds as readonly string[]).includes(value);
