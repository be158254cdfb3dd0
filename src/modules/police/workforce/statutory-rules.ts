import type { Cadre, Category, StatutoryKind, Weapon } from './tables.js';

export interface StatutoryItem {
  kind: StatutoryKind;
  weapon: Weapon | null;
  doneOn: string;
  validUntil: string | null;
  days: number | null;
}

export type DueStatus = 'ok' | 'due_soon' | 'overdue' | 'missing';

export interface Obligation {
  kind: StatutoryKind;
  weapon: Weapon | null;
  status: DueStatus;
  /** The date by which it must be (re)done; null when it has no end or was never done. */
  dueOn: string | null;
  /** FCO: days done in the current period. */
  days?: number;
}

/** Warned this many days ahead. */
export const DUE_SOON_DAYS = 90;
/** FCO (formation continue obligatoire): 10 days per period. */
export const FCO_DAYS = 10;
/** Years in an FCO period: 5 for agents, 3 for chefs de service and directeurs. */
export const fcoYears = (cadre: Cadre | null) => (cadre === 'chefs_de_service' || cadre === 'directeurs' ? 3 : 5);

/** Categories whose members are sworn and approved (approvals by the préfet and the procureur). */
const sworn: Category[] = ['apm', 'garde_champetre'];
const required: StatutoryKind[] = ['approval_prefet', 'approval_procureur', 'swearing_in', 'initial_training'];

const addYears = (date: string, years: number) => {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
};
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function expiry(dueOn: string, today: string): DueStatus {
  if (dueOn < today) return 'overdue';
  return dueOn <= addDays(today, DUE_SOON_DAYS) ? 'due_soon' : 'ok';
}

const latest = (items: StatutoryItem[]) =>
  items.reduce<StatutoryItem | undefined>((a, b) => (!a || b.doneOn > a.doneOn ? b : a), undefined);

/**
 * What an agent's statutory file requires and by when: approvals, swearing-in and initial training for
 * sworn categories; the FCO (10 days per 5 years, per 3 years for chefs de service and directeurs,
 * counted from the end of the initial training); for each weapon the agent is authorised to carry, the
 * authorisation's end, the initial training and a practice session every year; the body camera's
 * authorisation when it has an end.
 */
export function obligations(
  agent: { category: Category; cadre: Cadre | null },
  items: StatutoryItem[],
  today: string,
): Obligation[] {
  const out: Obligation[] = [];
  const of = (kind: StatutoryKind, weapon: Weapon | null = null) => items.filter((i) => i.kind === kind && i.weapon === weapon);
  if (sworn.includes(agent.category)) {
    for (const kind of required) {
      const done = latest(of(kind));
      out.push(
        done
          ? { kind, weapon: null, dueOn: done.validUntil, status: done.validUntil ? expiry(done.validUntil, today) : 'ok' }
          : { kind, weapon: null, dueOn: null, status: 'missing' },
      );
    }
    const initial = latest(of('initial_training'));
    if (initial) out.push(fco(initial.doneOn, of('fco'), fcoYears(agent.cadre), today));
  }
  const authorised = [...new Set(items.filter((i) => i.kind === 'weapon_authorisation').map((i) => i.weapon!))];
  for (const weapon of authorised) {
    const authorisation = latest(of('weapon_authorisation', weapon))!;
    out.push({
      kind: 'weapon_authorisation',
      weapon,
      dueOn: authorisation.validUntil,
      status: authorisation.validUntil ? expiry(authorisation.validUntil, today) : 'ok',
    });
    const training = latest(of('weapon_initial_training', weapon));
    out.push({ kind: 'weapon_initial_training', weapon, dueOn: null, status: training ? 'ok' : 'missing' });
    const practice = latest(of('weapon_practice', weapon));
    const practiceDue = addYears(practice?.doneOn ?? training?.doneOn ?? authorisation.doneOn, 1);
    out.push({ kind: 'weapon_practice', weapon, dueOn: practiceDue, status: expiry(practiceDue, today) });
  }
  const camera = latest(of('body_camera'));
  if (camera?.validUntil)
    out.push({ kind: 'body_camera', weapon: null, dueOn: camera.validUntil, status: expiry(camera.validUntil, today) });
  return out;
}

/** The FCO: periods of `years` from the end of the initial training; each needs 10 days. */
function fco(start: string, sessions: StatutoryItem[], years: number, today: string): Obligation {
  let from = start;
  let missed: string | undefined;
  while (addYears(from, years) <= today) {
    const end = addYears(from, years);
    const days = sessions.filter((s) => s.doneOn >= from && s.doneOn < end).reduce((n, s) => n + (s.days ?? 0), 0);
    if (days < FCO_DAYS && !missed) missed = end;
    from = end;
  }
  const dueOn = addYears(from, years);
  const days = sessions.filter((s) => s.doneOn >= from && s.doneOn < dueOn).reduce((n, s) => n + (s.days ?? 0), 0);
  if (missed) return { kind: 'fco', weapon: null, dueOn: missed, status: 'overdue', days };
  return { kind: 'fco', weapon: null, dueOn, status: days >= FCO_DAYS ? 'ok' : expiry(dueOn, today), days };
}
