import type { ColumnType, Generated } from 'kysely';

export const schoolKinds = ['ecole', 'college', 'lycee'] as const;
export type SchoolKind = (typeof schoolKinds)[number];
export const schoolSectors = ['public', 'private'] as const;
export type SchoolSector = (typeof schoolSectors)[number];
export const placeKinds = ['school', 'youth_centre', 'public_space'] as const;
export type PlaceKind = (typeof placeKinds)[number];

/** A "YYYY-MM-DD" date: pg hands dates back as text (see src/db/database.ts). */
type OptionalDate = ColumnType<string | null, string | null | undefined, string | null>;

export interface PreventionProgrammesTable {
  id: Generated<string>;
  tenant_id: string;
  title: string;
  summary: Generated<string>;
  is_demo: Generated<boolean>;
  created_at: Date;
}

export interface PreventionProgrammeGoalsTable {
  programme_id: string;
  tenant_id: string;
  /** "2026-2027": 1 September 2026 to 31 August 2027. */
  school_year: string;
  classes: number | null;
  young_people: number | null;
}

export interface PreventionAssociationsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  agrement_reference: string | null;
  agrement_on: OptionalDate;
  is_demo: Generated<boolean>;
  created_at: Date;
}

export interface PreventionProgrammeAssociationsTable {
  programme_id: string;
  association_id: string;
  tenant_id: string;
}

export interface PreventionSchoolsTable {
  id: Generated<string>;
  tenant_id: string;
  uai: string;
  name: string;
  kind: SchoolKind;
  sector: SchoolSector;
  commune_code: string | null;
  /** Written through ST_ functions. */
  geom: unknown;
  is_demo: Generated<boolean>;
  updated_at: Date;
}

export interface PreventionSessionsTable {
  id: Generated<string>;
  tenant_id: string;
  programme_id: string;
  starts_at: Date;
  place_kind: PlaceKind;
  school_id: string | null;
  place_name: string | null;
  head_agreement_on: OptionalDate;
  audience_level: string;
  classes: Generated<number>;
  reached: number;
  association_id: string | null;
  other_facilitators: string | null;
  theme: string;
  is_demo: Generated<boolean>;
  created_at: Date;
}

export interface PreventionSessionEvaluationsTable {
  session_id: string;
  tenant_id: string;
  token_hash: string;
  opened_by: string | null;
  opened_at: Date;
  closes_at: Date;
}

export interface PreventionEvaluationAnswersTable {
  id: Generated<string>;
  tenant_id: string;
  session_id: string;
  learned: number;
  knows_whom: number;
  respected: number;
  useful: number;
  comment: string | null;
}

export interface PreventionCalendarFeedsTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  token_hash: string;
  created_at: Date;
  revoked_at: Date | null;
}

/** The sessions part's tables. */
export interface PreventionSessionsTables {
  prevention_programmes: PreventionProgrammesTable;
  prevention_programme_goals: PreventionProgrammeGoalsTable;
  prevention_associations: PreventionAssociationsTable;
  prevention_programme_associations: PreventionProgrammeAssociationsTable;
  prevention_schools: PreventionSchoolsTable;
  prevention_sessions: PreventionSessionsTable;
  prevention_session_evaluations: PreventionSessionEvaluationsTable;
  prevention_evaluation_answers: PreventionEvaluationAnswersTable;
  prevention_calendar_feeds: PreventionCalendarFeedsTable;
}
