import type { Tx } from '../../../db/database.js';
import type { Actor } from '../../../platform/access/actor.js';
import { isAnswerable } from '../../reports/answered-report.js';
import { listReports } from '../../reports/report-queries.js';
import type { Snapshot } from './entry-snapshot.js';
import type { FormValues } from './form-values.js';
import { localInputValue } from './local-time.js';

export const mcBase = (slug: string) => `/t/${slug}/espace/main-courante`;

/** Open reports within the actor's reach that an intervention may answer (the newest 50), for the form's list. */
export async function answerableReports(tx: Tx, actor: Actor, zone: string, lang: 'fr' | 'en') {
  const { rows } = await listReports(tx, actor, {}, zone);
  return rows
    .filter((r) => isAnswerable(r.status) && r.status !== 'resolved')
    .map((r) => ({
      id: r.id,
      lat: r.lat,
      lon: r.lon,
      label: `${lang === 'fr' ? r.category_fr : r.category_en} — ${r.created_at.toLocaleDateString('fr-FR', { timeZone: zone })}${r.territory ? ` — ${r.territory}` : ''}`,
    }));
}

/** An entry's content as the form's values (edit and amend start from it). */
export function valuesOf(s: Snapshot, zone: string): FormValues {
  const at = (v: unknown) => (v ? localInputValue(new Date(String(v)), zone) : '');
  const place = s.place as { lat: number; lon: number } | null;
  const values: FormValues = {
    kind: String(s.kind),
    nature: String(s.nature),
    natinfCode: s.natinf_code === null ? '' : String(s.natinf_code),
    source: String(s.source),
    reportId: (s.report_id as string | null) ?? '',
    calledAt: at(s.called_at),
    arrivedAt: at(s.arrived_at),
    endedAt: at(s.ended_at),
    lat: place ? String(place.lat) : '',
    lon: place ? String(place.lon) : '',
    address: (s.address as string | null) ?? '',
    agents: s.agents as string[],
    vehicles: (s.vehicles as string[]).join(', '),
    findings: String(s.findings),
    followUp: s.follow_up as string[],
  };
  for (const [i, p] of (s.people as Record<string, unknown>[]).entries()) {
    values[`people[${i}].role`] = String(p.role);
    values[`people[${i}].familyName`] = (p.family_name as string | null) ?? '';
    values[`people[${i}].givenName`] = (p.given_name as string | null) ?? '';
    values[`people[${i}].birthYear`] = p.birth_year === null ? '' : String(p.birth_year);
    values[`people[${i}].phone`] = (p.phone as string | null) ?? '';
  }
  return values;
}
