import type { ColumnType, Generated } from 'kysely';

export const orderAuthors = ['mayor', 'prefect'] as const;
export type OrderAuthor = (typeof orderAuthors)[number];
export const orderSubjects = ['nitrous_oxide', 'alcohol', 'gatherings', 'other'] as const;
export type OrderSubject = (typeof orderSubjects)[number];
export const orderProhibitions = ['possession', 'use', 'sale', 'sale_to_minors', 'abandonment', 'gathering', 'other'] as const;
export type OrderProhibition = (typeof orderProhibitions)[number];

/** A "YYYY-MM-DD" date: pg hands dates back as text (see src/db/database.ts). */
type DateText = ColumnType<string, string, string>;
type OptionalDate = ColumnType<string | null, string | null | undefined, string | null>;

export interface PreventionOrdersTable {
  id: Generated<string>;
  tenant_id: string;
  number: string;
  title: string;
  author: OrderAuthor;
  subject: OrderSubject;
  prohibitions: OrderProhibition[];
  summary_fr: string;
  summary_en: Generated<string>;
  signed_on: DateText;
  published_on: OptionalDate;
  sent_to_prefect_on: OptionalDate;
  valid_from: DateText;
  valid_until: OptionalDate;
  /** Minutes after local midnight; both null: all day. */
  hours_start: number | null;
  hours_end: number | null;
  /** Monday first: the days a period starts on. */
  days: ColumnType<boolean[], boolean[] | undefined, boolean[]>;
  /** Written through ST_ functions, read through ST_AsGeoJSON; null: the whole territory. */
  perimeter: unknown;
  withdrawn_on: OptionalDate;
  is_demo: Generated<boolean>;
  created_at: Date;
  updated_at: Date;
}

export interface PreventionOrderPdfsTable {
  order_id: string;
  tenant_id: string;
  content: Buffer;
  uploaded_at: Date;
}

export interface PreventionCollectionsTable {
  id: Generated<string>;
  tenant_id: string;
  collected_on: DateText;
  territory_id: string | null;
  geom: unknown;
  cartridges: number | null;
  /** numeric: pg reads it as text; read it cast to float8. */
  weight_kg: ColumnType<string | null, number | null, number | null>;
  service: string;
  is_demo: Generated<boolean>;
  created_at: Date;
}

/** The orders part's tables. */
export interface PreventionOrdersTables {
  prevention_orders: PreventionOrdersTable;
  prevention_order_pdfs: PreventionOrderPdfsTable;
  prevention_collections: PreventionCollectionsTable;
}
