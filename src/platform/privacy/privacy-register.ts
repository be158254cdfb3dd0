import type { Lang } from '../i18n/i18n.js';
import { modulesOf } from '../modules/module-list.js';
import type { TenantSettings } from '../settings/tenant-settings.js';
import type { Tenant } from '../tenants/tenant-queries.js';
import { retentionDays } from './apply-retention.js';

export interface RegisterEntry {
  module: string;
  id: string;
  purpose: string;
  legalBasis: string;
  dataCategories: string[];
  dataSubjects: string[];
  recipients: string[];
  retention: string;
  retentionDays: number | null;
  sensitive: boolean;
}

/**
 * The record of processing for the modules a tenant runs, as they declare it,
 * with the retention delays in force: the DPO's starting point for the
 * register (RGPD art. 30) and the impact assessments (entries marked sensitive).
 */
export function privacyRegister(tenant: Tenant, settings: TenantSettings, lang: Lang): RegisterEntry[] {
  return modulesOf(tenant.programmes).flatMap((module) =>
    module.processing.map((activity) => {
      const rule =
        'rule' in activity.retention
          ? module.retention.find((r) => r.id === (activity.retention as { rule: string }).rule)
          : undefined;
      const days = rule ? retentionDays(rule, settings.retentionDays[rule.id]) : null;
      const retention =
        'text' in activity.retention
          ? activity.retention.text[lang]
          : lang === 'fr'
            ? `${days} jours (${rule?.label.fr ?? ''})`
            : `${days} days (${rule?.label.en ?? ''})`;
      return {
        module: module.id,
        id: activity.id,
        purpose: activity.purpose[lang],
        legalBasis: activity.legalBasis[lang],
        dataCategories: activity.dataCategories.map((c) => c[lang]),
        dataSubjects: activity.dataSubjects.map((c) => c[lang]),
        recipients: activity.recipients.map((c) => c[lang]),
        retention,
        retentionDays: days,
        sensitive: activity.sensitive,
      };
    }),
  );
}
