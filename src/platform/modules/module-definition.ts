import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { PermissionGrants } from '../access/permissions.js';
import type { AppDeps } from '../deps.js';
import type { FigureSource } from '../figures/figure-source.js';
import type { ProgrammeId } from '../programmes.js';
import type { Tenant } from '../tenants/tenant-queries.js';

type Text = { fr: string; en: string };

/** One entry of the record of processing activities (RGPD art. 30), as a module declares it. */
export interface ProcessingActivity {
  id: string;
  purpose: Text;
  legalBasis: Text;
  dataCategories: Text[];
  dataSubjects: Text[];
  recipients: Text[];
  /** The retention rule that applies, or a sentence when no purge rule can (e.g. while a role is held). */
  retention: { rule: string } | { text: Text };
  /** Special categories or offences data (art. 9, art. 10): an impact assessment is due. */
  sensitive: boolean;
}

/** A purge rule: what is deleted once it is older than the tenant's delay (or the legal default). */
export interface RetentionRule {
  id: string;
  label: Text;
  defaultDays: number;
  minDays: number;
  maxDays: number;
  /** Deletes the tenant's records older than `before`; returns how many. Runs inside an operation. */
  purge(tx: Tx, tenantId: string, before: Date): Promise<number>;
}

/** Who a data-subject request is about: what the person gave to be found by. */
export interface DataSubject {
  email?: string;
  phone?: string;
}

/** Where a module holds personal data of someone who may ask to see it, take it, or have it erased. */
export interface DataSubjectSource {
  id: string;
  label: Text;
  /** The records this module holds about the person, as plain objects for the export. */
  find(tx: Tx, who: DataSubject, tenantId: string): Promise<Record<string, unknown>[]>;
  /** Erases what the law allows and returns how many records; absent when the law requires keeping them. */
  erase?(tx: Tx, who: DataSubject, tenantId: string): Promise<number>;
  /** Why the records are kept when they cannot be erased. */
  keptBecause?: Text;
}

/** What a module brings to the platform besides its routes. */
export interface ModuleDefinition {
  id: 'platform' | ProgrammeId;
  /** The module's public page under /t/{slug}/, linked from the tenant's home. */
  publicPage?: string;
  /**
   * Another tenant that runs this module for this one (a transport authority for its communes): the
   * tenant's home then links to that tenant's public page.
   */
  runBy?(db: Kysely<DB>, tenant: Tenant): Promise<string | undefined>;
  access: PermissionGrants;
  processing: ProcessingActivity[];
  retention: RetentionRule[];
  dataSubjects: DataSubjectSource[];
  /** Counts the module lets others read (strategy indicators, the observatory). */
  figures?: FigureSource[];
}

/** A part of a module (the police's workforce and main courante): its declarations and its routes. */
export type ModulePart = Pick<ModuleDefinition, 'processing' | 'retention' | 'dataSubjects'> & {
  register(app: FastifyInstance, deps: AppDeps): void;
};

/** A module's declarations gathered from its parts, in order. */
export const declarationsOf = (parts: ModulePart[]): Pick<ModuleDefinition, 'processing' | 'retention' | 'dataSubjects'> => ({
  processing: parts.flatMap((p) => p.processing),
  retention: parts.flatMap((p) => p.retention),
  dataSubjects: parts.flatMap((p) => p.dataSubjects),
});
