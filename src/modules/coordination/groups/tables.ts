import type { ColumnType, Generated } from 'kysely';

export const groupKinds = ['thematic', 'territorial'] as const;
export type GroupKind = (typeof groupKinds)[number];
export const taskStates = ['open', 'done', 'dropped'] as const;
export type TaskState = (typeof taskStates)[number];
export const placeOrigins = ['member', 'report', 'police'] as const;
export type PlaceOrigin = (typeof placeOrigins)[number];
export const actionKinds = ['presence', 'cleaning', 'lighting_repair', 'event', 'other'] as const;
export type ActionKind = (typeof actionKinds)[number];

/** A "YYYY-MM-DD" date: pg hands dates back as text (see src/db/database.ts). */
type DateText = ColumnType<string, string, string>;
type OptionalDate = ColumnType<string | null, string | null | undefined, string | null>;

export interface CoordinationGroupsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  kind: GroupKind;
  territory_id: string | null;
  purpose: Generated<string>;
  report_category_ids: ColumnType<string[], string[] | undefined, string[]>;
  shares_police_data: Generated<boolean>;
  created_by: string | null;
  created_at: Date;
  closed_at: Date | null;
  is_demo: Generated<boolean>;
}

export interface CoordinationGroupMembersTable {
  id: Generated<string>;
  tenant_id: string;
  group_id: string;
  user_id: string;
  since: Date;
  until: Date | null;
  added_by: string;
}

export interface CoordinationGroupMeetingsTable {
  id: Generated<string>;
  tenant_id: string;
  group_id: string;
  starts_at: Date;
  ends_at: Date;
  place: Generated<string>;
  agenda: Generated<string>;
  minutes: Generated<string>;
  attendee_ids: ColumnType<string[], string[] | undefined, string[]>;
  other_attendees: Generated<string>;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export interface CoordinationGroupPlacesTable {
  id: Generated<string>;
  tenant_id: string;
  group_id: string;
  name: string;
  /** Written with ST_ functions, read as lon/lat. */
  geom: unknown;
  radius_m: number;
  origin: PlaceOrigin;
  report_id: string | null;
  police_entry_id: string | null;
  opened_on: DateText;
  closed_on: OptionalDate;
  created_by: string;
  created_at: Date;
}

export interface CoordinationGroupPlaceActionsTable {
  id: Generated<string>;
  tenant_id: string;
  group_id: string;
  place_id: string;
  kind: ActionKind;
  done_on: DateText;
  description: Generated<string>;
  organisation: string;
  created_by: string;
  created_at: Date;
}

export interface CoordinationGroupTasksTable {
  id: Generated<string>;
  tenant_id: string;
  group_id: string;
  meeting_id: string | null;
  place_id: string | null;
  title: string;
  owner_id: string;
  due_on: OptionalDate;
  state: ColumnType<TaskState, TaskState | undefined, TaskState>;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

/** The groups part's tables (content tables are readable by the group's current members only: see the migration). */
export interface CoordinationGroupsTables {
  coordination_groups: CoordinationGroupsTable;
  coordination_group_members: CoordinationGroupMembersTable;
  coordination_group_meetings: CoordinationGroupMeetingsTable;
  coordination_group_places: CoordinationGroupPlacesTable;
  coordination_group_place_actions: CoordinationGroupPlaceActionsTable;
  coordination_group_tasks: CoordinationGroupTasksTable;
}
