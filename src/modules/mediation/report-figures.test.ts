import { describe, expect, it } from 'vitest';
import { mediationTenant } from '../../../test/helpers/mediation.js';
import { writeReportEntries } from '../../../test/helpers/mediation-report.js';
import { withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { MIN_K, type ProtectedCount } from '../../platform/privacy/small-numbers.js';
import { mediationReport } from './report-figures.js';
import { activities, themes } from './vocabulary.js';

let database: Database;

withTestApp((opened) => ({ database } = opened), { now: '2026-11-20T19:00:00Z' });

const value = (c: ProtectedCount) => (c.kind === 'shown' ? c.value : 'hidden');
const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);

describe('the mediation activity report figures', () => {
  it('counts, for the whole GIP, exactly what was written in the period (contacts, encounters, rounds, hours, lists, by month, territory, QPV)', async () => {
    const m = await mediationTenant(database.db);
    const w = await writeReportEntries(database.db, m);
    const report = await withTenant(database.db, m.tenant.id, (tx) =>
      mediationReport(tx, { from: w.from, to: w.to, timeZone: m.tenant.time_zone, memberId: null, protect: false, k: MIN_K }),
    );
    const inPeriod = w.encounters.filter((e) => e.inPeriod);
    expect(report.protected).toBe(false);
    expect(value(report.peopleMet)).toBe(sum(inPeriod.map((e) => e.people)));
    expect(value(report.encounters)).toBe(inPeriod.length);
    expect(value(report.rounds)).toBe(w.rounds.filter((r) => r.inPeriod).length);
    expect(report.hours).toBe(Math.round(sum(w.rounds.filter((r) => r.inPeriod).map((r) => r.minutes)) / 6) / 10);
    expect(value(report.distinctPeople)).toBe(w.parties);
    expect(value(report.faireAvec.encounters)).toBe(inPeriod.filter((e) => e.faireAvec).length);
    expect(report.faireAvec.share).toBeCloseTo(inPeriod.filter((e) => e.faireAvec).length / inPeriod.length, 10);
    for (const line of report.themes)
      expect([line.key, value(line.encounters)]).toEqual([line.key, inPeriod.filter((e) => e.themes.includes(line.key)).length]);
    expect(report.themes.map((l) => l.key)).toEqual([...themes]);
    for (const line of report.activities)
      expect([line.key, value(line.people)]).toEqual([
        line.key,
        sum(inPeriod.filter((e) => e.activity === line.key).map((e) => e.people)),
      ]);
    expect(report.activities.map((l) => l.key)).toEqual([...activities]);
    // Months in the tenant's zone: an encounter late on 30 September UTC belongs to October in Paris.
    expect(report.byMonth.map((l) => l.key)).toEqual(['2026-09', '2026-10']);
    for (const line of report.byMonth)
      expect([line.key, value(line.encounters)]).toEqual([line.key, inPeriod.filter((e) => e.month === line.key).length]);
    const bySector = (id: string) => inPeriod.filter((e) => e.sector === id);
    expect(report.byTerritory.map((l) => [l.label, value(l.encounters), value(l.people)])).toEqual(
      [
        ['Secteur A', bySector(m.sectorA).length, sum(bySector(m.sectorA).map((e) => e.people))],
        ['Secteur B', bySector(m.sectorB).length, sum(bySector(m.sectorB).map((e) => e.people))],
      ].filter(([, n]) => n !== 0),
    );
    const inQpv = inPeriod.filter((e) => e.qpv);
    expect(report.byQpv.find((l) => l.key === m.qpv)?.label).toBe('QPV des Tours');
    expect(value(report.byQpv.find((l) => l.key === m.qpv)?.people as ProtectedCount)).toBe(sum(inQpv.map((e) => e.people)));
    expect(value(report.byQpv.find((l) => l.key === '')?.encounters as ProtectedCount)).toBe(inPeriod.length - inQpv.length);
    expect(report.situations.map((s) => [s.outcome, value(s.count)])).toEqual(
      report.situations.map((s) => [s.outcome, w.situations.filter((x) => x.outcome === s.outcome).length]),
    );
    expect(value(report.referralsTotal)).toBe(w.referrals.length);
    expect(report.referrals.map((r) => r.partner)).toEqual(['CCAS de test']);
    expect(report.referralOutcomes.map((o, i) => [o, value(report.referralTotals[i] as ProtectedCount)])).toEqual(
      report.referralOutcomes.map((o) => [o, w.referrals.filter((r) => r.outcome === o).length]),
    );
  });

  it('gives a funding member only its funded territories, every small count hidden, never another sector', async () => {
    const m = await mediationTenant(database.db);
    const w = await writeReportEntries(database.db, m);
    const report = await withTenant(database.db, m.tenant.id, (tx) =>
      mediationReport(tx, { from: w.from, to: w.to, timeZone: m.tenant.time_zone, memberId: w.memberA, protect: true, k: MIN_K }),
    );
    expect(report.member?.name).toBe('Ville de A');
    const mine = w.encounters.filter((e) => e.inPeriod && (e.sector === m.sectorA || e.qpv));
    expect(report.byTerritory.map((l) => l.label)).toEqual(['Secteur A']);
    const truth = new Map<string, number>([
      ['people', sum(mine.map((e) => e.people))],
      ['encounters', mine.length],
      ...report.byMonth.map((l): [string, number] => [`month ${l.key}`, mine.filter((e) => e.month === l.key).length]),
      ...report.activities.map((l): [string, number] => [`activity ${l.key}`, mine.filter((e) => e.activity === l.key).length]),
      ...report.themes.map((l): [string, number] => [`theme ${l.key}`, mine.filter((e) => e.themes.includes(l.key)).length]),
    ]);
    const published = new Map<string, ProtectedCount>([
      ['people', report.peopleMet],
      ['encounters', report.encounters],
      ...report.byMonth.map((l): [string, ProtectedCount] => [`month ${l.key}`, l.encounters]),
      ...report.activities.map((l): [string, ProtectedCount] => [`activity ${l.key}`, l.encounters]),
      ...report.themes.map((l): [string, ProtectedCount] => [`theme ${l.key}`, l.encounters]),
    ]);
    // What is shown is true; what is small is never shown; something small was there to hide.
    let hidden = 0;
    for (const [key, count] of published) {
      const real = truth.get(key) as number;
      if (count.kind === 'shown') expect([key, count.value]).toEqual([key, real]);
      else hidden++;
      if (real > 0 && real < MIN_K) expect([key, count.kind]).toEqual([key, 'suppressed']);
    }
    expect(hidden).toBeGreaterThan(0);
    expect(value(report.peopleMet)).toBe(truth.get('people'));
    // The situation and the referrals of team B in sector B are not Ville de A's.
    expect(sum(report.situations.map((s) => (s.count.kind === 'shown' ? s.count.value : 0)))).toBeLessThan(w.situations.length);
    expect(
      report.referrals.flatMap((r) => r.counts).every((c) => c.kind === 'suppressed' || c.value === 0 || c.value >= MIN_K),
    ).toBe(true);
  });
});
