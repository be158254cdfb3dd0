import type { Movement } from './headcount.js';
import { Problems } from './problems.js';
import { type AgentStatus, agentStatuses, type Category, categories, type MovementKind, movementKinds } from './tables.js';

/** A movement as typed (form, API, CSV): text, so that a slip is named rather than coerced. */
export interface MovementInput {
  kind?: string;
  effectiveOn?: string;
  category?: string;
  gradeCode?: string;
  unitId?: string;
  ftePercent?: string | number;
  status?: string;
  note?: string;
}

export interface CheckedMovement {
  kind: MovementKind;
  effectiveOn: string;
  category: Category | null;
  gradeCode: string | null;
  unitId: string | null;
  ftePercent: number | null;
  status: AgentStatus | null;
  note: string | null;
}

/**
 * Checks one movement's fields. A change may leave fields empty: they keep the situation in force the
 * day before (`previous`). A departure carries none.
 */
export function checkMovement(
  input: MovementInput,
  context: { grades: string[]; units: string[]; previous?: Movement & { gradeCode?: string | null; status?: string | null } },
  problems = new Problems(),
): CheckedMovement {
  const kind = problems.oneOf('kind', input.kind ?? 'arrival', movementKinds) ?? 'arrival';
  const effectiveOn = problems.date('effectiveOn', input.effectiveOn) ?? '';
  const note = (input.note ?? '').trim() || null;
  if (note && note.length > 500) problems.add('note', 'at most 500 characters', 'au plus 500 caractères');
  if (kind === 'departure')
    return { kind, effectiveOn, category: null, gradeCode: null, unitId: null, ftePercent: null, status: null, note };
  const inherit = kind === 'change' ? context.previous : undefined;
  const category = problems.oneOf('category', input.category || inherit?.category || '', categories);
  const gradeRaw = (input.gradeCode ?? '').trim() || (inherit?.gradeCode ?? '');
  if (gradeRaw && !context.grades.includes(gradeRaw))
    problems.add('gradeCode', 'not a grade of this police (see the list of grades)', 'grade absent de la liste de cette police');
  const unitRaw = (input.unitId ?? '').trim() || (inherit?.unitId ?? '');
  if (unitRaw && !context.units.includes(unitRaw)) problems.add('unitId', 'not a unit of this police', 'unité inconnue');
  const fteRaw = input.ftePercent === undefined || input.ftePercent === '' ? (inherit?.ftePercent ?? 100) : input.ftePercent;
  const ftePercent = problems.integer('ftePercent', fteRaw, 1, 100);
  const status = problems.oneOf('status', input.status || inherit?.status || 'active', agentStatuses);
  return { kind, effectiveOn, category, gradeCode: gradeRaw || null, unitId: unitRaw || null, ftePercent, status, note };
}

/**
 * Checks an agent's whole history once a movement is added: it starts with an arrival, a change or a
 * departure happens only while in the workforce, an arrival only while out of it (a return), and one
 * movement a day. Problems are named on `effectiveOn`.
 */
export function checkTimeline(timeline: readonly Pick<Movement, 'kind' | 'effectiveOn'>[], problems: Problems, added: string) {
  const sorted = [...timeline].sort((a, b) => (a.effectiveOn < b.effectiveOn ? -1 : a.effectiveOn > b.effectiveOn ? 1 : 0));
  let inPost = false;
  let arrivedOn: string | undefined;
  for (const [i, m] of sorted.entries()) {
    if (i > 0 && sorted[i - 1]!.effectiveOn === m.effectiveOn) {
      problems.add(
        'effectiveOn',
        `another movement of this agent is dated ${m.effectiveOn}`,
        `l’agent a déjà un mouvement le ${m.effectiveOn}`,
      );
      return;
    }
    const isAdded = m.effectiveOn === added;
    if (m.kind === 'arrival') {
      if (inPost) {
        problems.add(
          'effectiveOn',
          `the agent is already in the workforce on ${m.effectiveOn} (arrived ${arrivedOn})`,
          `l’agent est déjà dans les effectifs le ${m.effectiveOn} (arrivée le ${arrivedOn})`,
        );
        return;
      }
      inPost = true;
      arrivedOn = m.effectiveOn;
    } else if (!inPost) {
      const what = m.kind === 'departure' ? 'departure' : 'change';
      problems.add(
        'effectiveOn',
        arrivedOn || !isAdded
          ? `${what} on ${m.effectiveOn} while the agent is not in the workforce`
          : `${what} on ${m.effectiveOn} is before the agent's arrival`,
        m.kind === 'departure'
          ? `départ le ${m.effectiveOn} : avant l’arrivée de l’agent ou hors de ses périodes de présence`
          : `changement le ${m.effectiveOn} : l’agent n’est pas dans les effectifs à cette date`,
      );
      return;
    } else if (m.kind === 'departure') inPost = false;
  }
}
