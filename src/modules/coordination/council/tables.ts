import type { ColumnType, Generated } from 'kysely';

/** A "YYYY-MM-DD" date: pg hands dates back as text (see src/db/database.ts). */
type DateText = string;
type OptionalDate = ColumnType<string | null, string | null | undefined, string | null>;

export const councilRoles = ['president', 'prefect', 'prosecutor', 'member', 'guest'] as const;
export type CouncilRole = (typeof councilRoles)[number];
export const sessionKinds = ['plenary', 'restricted'] as const;
export type SessionKind = (typeof sessionKinds)[number];
export const presences = ['present', 'excused', 'absent'] as const;
export type Presence = (typeof presences)[number];
export const sheetStates = ['draft', 'active', 'done', 'abandoned'] as const;
export type SheetState = (typeof sheetStates)[number];
export const directions = ['up', 'down'] as const;
export type Direction = (typeof directions)[number];
export const taskStates = ['open', 'done', 'cancelled'] as const;
export type TaskState = (typeof taskStates)[number];
export const funders = ['fipd', 'other'] as const;
export type Funder = (typeof funders)[number];
export const fileStates = ['preparing', 'submitted', 'granted', 'refused', 'closed'] as const;
export type FileState = (typeof fileStates)[number];
/** An indicator typed by hand, year by year, instead of read from a module's figure. */
export const MANUAL_SOURCE = 'manual';

export interface CouncilMembersTable {
  id: Generated<string>;
  tenant_id: string;
  organisation_id: string | null;
  person_name: string | null;
  person_function: string | null;
  council_role: CouncilRole;
  user_id: string | null;
  from_on: DateText;
  until_on: OptionalDate;
  is_demo: Generated<boolean>;
  created_at: Date;
}

export interface SessionsTable {
  id: Generated<string>;
  tenant_id: string;
  kind: SessionKind;
  title: string;
  starts_at: Date;
  ends_at: Date;
  place: string;
  agenda: ColumnType<string[], string[] | undefined, string[]>;
  minutes: string | null;
  minutes_published: Generated<boolean>;
  is_demo: Generated<boolean>;
  created_at: Date;
}

export interface SessionAttendanceTable {
  session_id: string;
  member_id: string;
  tenant_id: string;
  presence: Presence;
}

export interface SessionMinutesPdfsTable {
  session_id: string;
  tenant_id: string;
  content: Buffer;
  uploaded_at: Date;
}

export interface StrategiesTable {
  id: Generated<string>;
  tenant_id: string;
  title: string;
  first_year: number;
  last_year: number;
  signed_on: OptionalDate;
  signatories: string | null;
  is_demo: Generated<boolean>;
  created_at: Date;
}

export interface AxesTable {
  id: Generated<string>;
  tenant_id: string;
  strategy_id: string;
  number: number;
  title: string;
}

export interface ActionSheetsTable {
  id: Generated<string>;
  tenant_id: string;
  axis_id: string;
  number: number;
  title: string;
  objective: string;
  lead_organisation_id: string;
  public_concerned: Generated<string>;
  means: Generated<string>;
  starts_on: DateText;
  ends_on: DateText;
  state: SheetState;
  is_demo: Generated<boolean>;
  created_at: Date;
  updated_at: Date;
}

export interface SheetPartnersTable {
  sheet_id: string;
  organisation_id: string;
  tenant_id: string;
}

export interface SheetTerritoriesTable {
  sheet_id: string;
  territory_id: string;
  tenant_id: string;
}

export interface SheetReviewsTable {
  sheet_id: string;
  year: number;
  tenant_id: string;
  text: string;
  state: SheetState;
  reviewed_at: Date;
}

export interface IndicatorsTable {
  id: Generated<string>;
  tenant_id: string;
  sheet_id: string;
  label: string;
  source_id: string;
  source_option: string | null;
  target_value: number;
  target_year: number;
  baseline_year: number | null;
  direction: Direction;
  created_at: Date;
}

export interface IndicatorValuesTable {
  indicator_id: string;
  year: number;
  tenant_id: string;
  value: number;
}

export interface DecisionsTable {
  id: Generated<string>;
  tenant_id: string;
  session_id: string;
  text: string;
  action_sheet_id: string | null;
  created_at: Date;
}

export interface TasksTable {
  id: Generated<string>;
  tenant_id: string;
  title: string;
  owner_user_id: string;
  due_on: DateText;
  state: TaskState;
  decision_id: string | null;
  action_sheet_id: string | null;
  reminded_for: OptionalDate;
  done_at: Date | null;
  is_demo: Generated<boolean>;
  created_at: Date;
}

export interface FundingFilesTable {
  id: Generated<string>;
  tenant_id: string;
  funder: Funder;
  funder_name: string;
  action_sheet_id: string;
  year: number;
  asked_cents: number;
  granted_cents: number | null;
  spent_cents: Generated<number>;
  state: FileState;
  is_demo: Generated<boolean>;
  created_at: Date;
  updated_at: Date;
}

export interface FunderReportsTable {
  id: Generated<string>;
  tenant_id: string;
  file_id: string;
  label: string;
  due_on: DateText;
  submitted_on: OptionalDate;
  reminded_at: Date | null;
}

/** The council part's tables. */
export interface CoordinationCouncilTables {
  coordination_council_members: CouncilMembersTable;
  coordination_sessions: SessionsTable;
  coordination_session_attendance: SessionAttendanceTable;
  coordination_session_minutes_pdfs: SessionMinutesPdfsTable;
  coordination_strategies: StrategiesTable;
  coordination_axes: AxesTable;
  coordination_action_sheets: ActionSheetsTable;
  coordination_sheet_partners: SheetPartnersTable;
  coordination_sheet_territories: SheetTerritoriesTable;
  coordination_sheet_reviews: SheetReviewsTable;
  coordination_indicators: IndicatorsTable;
  coordination_indicator_values: IndicatorValuesTable;
  coordination_decisions: DecisionsTable;
  coordination_tasks: TasksTable;
  coordination_funding_files: FundingFilesTable;
  coordination_funder_reports: FunderReportsTable;
}
