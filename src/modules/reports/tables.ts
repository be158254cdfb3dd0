import type { ColumnType, Generated } from 'kysely';

export const reportStatuses = ['new', 'triaged', 'assigned', 'in_progress', 'resolved', 'closed', 'rejected'] as const;
export type ReportStatus = (typeof reportStatuses)[number];

/** What the reporter sees of a state: never the operational detail that could tip off the people reported. */
export type PublicState = 'received' | 'forwarded' | 'handled' | 'closed';
export const publicStateOf: Record<ReportStatus, PublicState> = {
  new: 'received',
  triaged: 'forwarded',
  assigned: 'forwarded',
  in_progress: 'forwarded',
  resolved: 'handled',
  closed: 'closed',
  rejected: 'closed',
};
/** Open311's two states. */
export const isClosed = (status: ReportStatus) => status === 'resolved' || status === 'closed' || status === 'rejected';

export const attributeTypes = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type AttributeType = (typeof attributeTypes)[number];

/** An Open311 attribute of a category (a question asked with the report). */
export interface CategoryAttribute {
  code: string;
  datatype: AttributeType;
  required: boolean;
  description: { fr: string; en: string };
  order: number;
  values?: { key: string; name: { fr: string; en: string } }[];
}

export interface ReportCategoriesTable {
  id: Generated<string>;
  tenant_id: string;
  code: string;
  name_fr: string;
  name_en: string;
  description_fr: Generated<string>;
  description_en: Generated<string>;
  group_name: Generated<string>;
  keywords: ColumnType<string[], string[] | undefined, string[]>;
  visibility: 'public' | 'private';
  attributes: ColumnType<CategoryAttribute[], string | undefined, string>;
  victim_support: Generated<boolean>;
  help_fr: Generated<string>;
  help_en: Generated<string>;
  active: Generated<boolean>;
  sort: Generated<number>;
}

export interface ReportRoutingRulesTable {
  id: Generated<string>;
  tenant_id: string;
  category_id: string;
  territory_id: string | null;
  organisation_id: string;
}

export interface ReportsTable {
  id: Generated<string>;
  tenant_id: string;
  category_id: string;
  follow_token_hash: string;
  status: ColumnType<ReportStatus, ReportStatus | undefined, ReportStatus>;
  status_reason: string | null;
  reporter_role: 'victim' | 'witness' | null;
  description: string;
  attributes: ColumnType<Record<string, string | string[]>, string | undefined, string>;
  /** Written with ST_ functions, read as lon/lat. */
  geom: unknown;
  address: string | null;
  territory_id: string | null;
  organisation_id: string | null;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  notify_reporter: Generated<boolean>;
  contact_erased_at: Date | null;
  source: 'web' | 'open311' | 'staff';
  published_description: string | null;
  moderation: ColumnType<'pending' | 'published' | 'hidden', 'pending' | 'published' | 'hidden' | undefined>;
  duplicate_of: string | null;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
}

export interface ReportPhotosTable {
  id: Generated<string>;
  tenant_id: string;
  report_id: string;
  content: Buffer;
  width: number;
  height: number;
  created_at: Date;
}

export interface ReportEventsTable {
  id: Generated<string>;
  tenant_id: string;
  report_id: string;
  at: Date;
  actor: string;
  kind: 'status' | 'note' | 'assign' | 'article40' | 'merge';
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  for_reporter: Generated<boolean>;
}

/** A report received from another tenant: only what the receiver needs (no contact, photo or role). */
export interface ReportReferralsTable {
  id: Generated<string>;
  tenant_id: string;
  from_tenant_id: string;
  from_report_id: string;
  category_name: string;
  description: string;
  geom: unknown;
  occurred_at: Date;
  referred_at: Date;
  status: ColumnType<'received' | 'taken' | 'declined', 'received' | undefined, 'taken' | 'declined'>;
  answer: string | null;
}

export interface RateLimitHitsTable {
  key_hash: string;
  window_start: Date;
  hits: number;
}

/** The module's tables, part of the database type. */
export interface ReportTables {
  report_categories: ReportCategoriesTable;
  report_routing_rules: ReportRoutingRulesTable;
  reports: ReportsTable;
  report_photos: ReportPhotosTable;
  report_events: ReportEventsTable;
  rate_limit_hits: RateLimitHitsTable;
  report_referrals: ReportReferralsTable;
}
