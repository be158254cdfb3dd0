import type { ColumnType, Generated } from 'kysely';

/** A calendar date, read and written as YYYY-MM-DD. */
type DateOnly = ColumnType<string, string, string>;
/** bigint columns are parsed to numbers (database.ts). */
type Cents = ColumnType<number, number, number>;

export const categories = [
  'apm',
  'asvp',
  'garde_champetre',
  'cctv_operator',
  'fia_trainee',
  'lent_by_epci',
  'lent_to_epci',
] as const;
export type Category = (typeof categories)[number];
export const isCategory = (v: string): v is Category => (categories as readonly string[]).includes(v);

export const movementKinds = ['arrival', 'change', 'departure'] as const;
export type MovementKind = (typeof movementKinds)[number];
export const agentStatuses = ['active', 'long_leave', 'suspended'] as const;
export type AgentStatus = (typeof agentStatuses)[number];
export const cadres = ['agents', 'chefs_de_service', 'directeurs', 'other'] as const;
export type Cadre = (typeof cadres)[number];

export const statutoryKinds = [
  'approval_prefet',
  'approval_procureur',
  'swearing_in',
  'initial_training',
  'fco',
  'weapon_authorisation',
  'weapon_initial_training',
  'weapon_practice',
  'body_camera',
] as const;
export type StatutoryKind = (typeof statutoryKinds)[number];
export const weapons = ['firearm', 'electric_pulse', 'lbd', 'baton', 'tear_gas'] as const;
export type Weapon = (typeof weapons)[number];

export const trainingKinds = ['statutory', 'specific'] as const;
export const attendanceStatuses = ['enrolled', 'attended', 'absent'] as const;
export type AttendanceStatus = (typeof attendanceStatuses)[number];
export const budgetKinds = ['equipment', 'pay', 'training'] as const;
export type BudgetKind = (typeof budgetKinds)[number];
export const agreementKinds = ['state_coordination', 'landlord', 'school', 'association', 'transit', 'other'] as const;
export type AgreementKind = (typeof agreementKinds)[number];

export interface PoliceGradesTable {
  tenant_id: string;
  code: string;
  label: string;
  cadre: Cadre;
  sort_order: Generated<number>;
}

export interface PoliceUnitsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
}

export interface PoliceMovementsTable {
  id: Generated<string>;
  tenant_id: string;
  agent_id: string;
  kind: MovementKind;
  effective_on: DateOnly;
  category: Category | null;
  grade_code: string | null;
  unit_id: string | null;
  fte_percent: number | null;
  status: AgentStatus | null;
  note: string | null;
  recorded_at: Date;
}

export interface PoliceMandatesTable {
  tenant_id: string;
  starts_on: DateOnly;
  label: string;
}

export interface PoliceTargetsTable {
  tenant_id: string;
  category: Category;
  target_on: DateOnly;
  heads: number;
}

export interface PoliceStatutoryItemsTable {
  id: Generated<string>;
  tenant_id: string;
  agent_id: string;
  kind: StatutoryKind;
  weapon: Weapon | null;
  done_on: DateOnly;
  valid_until: DateOnly | null;
  days: number | null;
  recorded_at: Date;
}

export interface PoliceTrainingModulesTable {
  id: Generated<string>;
  tenant_id: string;
  title: string;
  provider: string;
  kind: 'statutory' | 'specific';
  validity_months: number | null;
  required_for: ColumnType<Category[], Category[] | undefined, Category[]>;
}

export interface PoliceTrainingSessionsTable {
  id: Generated<string>;
  tenant_id: string;
  module_id: string;
  starts_at: Date;
  ends_at: Date;
  place: string;
  trainer: string;
  capacity: number;
}

export interface PoliceTrainingAttendanceTable {
  tenant_id: string;
  session_id: string;
  agent_id: string;
  status: AttendanceStatus;
}

export interface PoliceBudgetLinesTable {
  id: Generated<string>;
  tenant_id: string;
  year: number;
  kind: BudgetKind;
  label: string;
  planned_cents: Cents;
  spent_cents: Cents;
}

export interface PoliceAgreementsTable {
  id: Generated<string>;
  tenant_id: string;
  kind: AgreementKind;
  parties: string;
  subject: string;
  signed_on: DateOnly;
  expires_on: DateOnly;
  pdf: Buffer | null;
  pdf_name: string | null;
  alerted_for: DateOnly | null;
  recorded_at: Date;
}

/** The workforce part's tables (movements, statutory files, trainings, budget, agreements). */
export interface WorkforceTables {
  police_grades: PoliceGradesTable;
  police_units: PoliceUnitsTable;
  police_movements: PoliceMovementsTable;
  police_mandates: PoliceMandatesTable;
  police_targets: PoliceTargetsTable;
  police_statutory_items: PoliceStatutoryItemsTable;
  police_training_modules: PoliceTrainingModulesTable;
  police_training_sessions: PoliceTrainingSessionsTable;
  police_training_attendance: PoliceTrainingAttendanceTable;
  police_budget_lines: PoliceBudgetLinesTable;
  police_agreements: PoliceAgreementsTable;
}
