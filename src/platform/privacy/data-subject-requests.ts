import { defineOperation } from '../access/operation.js';
import { invalidInput } from '../errors.js';
import type { DataSubject } from '../modules/module-definition.js';
import { modulesOf } from '../modules/module-list.js';

export interface SourceResult {
  module: string;
  source: string;
  label: { fr: string; en: string };
  records: Record<string, unknown>[];
  erasable: boolean;
  keptBecause?: { fr: string; en: string };
}

/** An e-mail address or a phone number, normalised as the modules store them. */
export function readDataSubject(query: string): DataSubject {
  const q = query.trim();
  if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(q)) return { email: q.toLowerCase() };
  const digits = q.replace(/[\s.()-]/g, '');
  if (/^\+?\d{8,15}$/.test(digits)) return { phone: digits };
  throw invalidInput(
    'q',
    'give an e-mail address or a phone number',
    'indiquez une adresse électronique ou un numéro de téléphone',
  );
}

/** Finds what every enabled module holds about a person; the search itself is audited (which sources answered, how many records). */
export const findDataSubject = defineOperation({
  name: 'platform.data-request-find',
  permission: 'platform.data-requests',
  async run({ tx, tenant, audit }, who: DataSubject) {
    const results: SourceResult[] = [];
    for (const module of modulesOf(tenant.programmes)) {
      for (const source of module.dataSubjects) {
        const records = await source.find(tx, who, tenant.id);
        results.push({
          module: module.id,
          source: source.id,
          label: source.label,
          records,
          erasable: Boolean(source.erase),
          keptBecause: source.keptBecause,
        });
      }
    }
    const found = results.filter((r) => r.records.length > 0);
    audit({
      action: 'platform.data-request-find',
      entityType: 'data-subject-request',
      entityId: null,
      fields: found.map((r) => `${r.module}.${r.source}`),
      count: found.reduce((n, r) => n + r.records.length, 0),
    });
    return results;
  },
});

/** Erases, in every enabled module that allows it, what concerns the person; audited with counts only. */
export const eraseDataSubject = defineOperation({
  name: 'platform.data-request-erase',
  permission: 'platform.data-requests',
  async run({ tx, tenant, audit }, who: DataSubject) {
    const erased: Record<string, number> = {};
    for (const module of modulesOf(tenant.programmes)) {
      for (const source of module.dataSubjects) {
        if (!source.erase) continue;
        const count = await source.erase(tx, who, tenant.id);
        erased[`${module.id}.${source.id}`] = count;
        audit({ entityType: 'data-subject-erasure', entityId: `${module.id}.${source.id}`, fields: [], count });
      }
    }
    return erased;
  },
});
