import { AppError, type FieldProblem } from '../../../platform/errors.js';
import { readInstant } from './local-time.js';
import { natureOf } from './natures.js';
import {
  type EntryKind,
  type EntrySource,
  entryKinds,
  entrySources,
  type FollowUp,
  followUps,
  type PersonRole,
  personRoles,
} from './tables.js';

/** A person involved, as typed: role first, identity kept to the minimum. */
export interface PersonInput {
  role: string;
  familyName?: string | null;
  givenName?: string | null;
  birthYear?: string | number | null;
  phone?: string | null;
}

/** An entry as a form or the API sends it (the form sends text; the API typed values). */
export interface EntryInput {
  kind: string;
  nature: string;
  natinfCode?: string | number | null;
  source: string;
  reportId?: string | null;
  calledAt: string;
  arrivedAt?: string | null;
  endedAt?: string | null;
  lat?: string | number | null;
  lon?: string | number | null;
  address?: string | null;
  agents: string[];
  vehicles?: string[];
  findings?: string | null;
  followUp?: string[];
  people?: PersonInput[];
}

export interface CheckedPerson {
  role: PersonRole;
  family_name: string | null;
  given_name: string | null;
  birth_year: number | null;
  phone: string | null;
}

export interface CheckedEntry {
  kind: EntryKind;
  nature: string;
  natinfCode: number | null;
  source: EntrySource;
  reportId: string | null;
  calledAt: Date;
  arrivedAt: Date | null;
  endedAt: Date | null;
  point: { lat: number; lon: number } | null;
  address: string | null;
  agents: string[];
  vehicles: string[];
  findings: string;
  followUp: FollowUp[];
  people: CheckedPerson[];
}

export const MAX_FINDINGS = 8000;
export const MAX_PEOPLE = 20;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string) => uuid.test(id);

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value).trim());
const orNull = (value: unknown) => text(value) || null;

/** Checks every field at once, so that a form shows all its problems together; throws 400 naming them. */
export function checkEntry(input: EntryInput, options: { now: Date; zone: string }): CheckedEntry {
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string, fr: string) => problems.push({ field, message, fr });

  const kind = text(input.kind) as EntryKind;
  if (!entryKinds.includes(kind))
    problem('kind', 'must be judicial or administrative', 'choisissez police judiciaire ou administrative');
  const nature = natureOf(text(input.nature));
  if (!nature) problem('nature', `unknown nature « ${text(input.nature)} »`, `nature inconnue « ${text(input.nature)} »`);
  else if (entryKinds.includes(kind) && nature.kind !== kind)
    problem(
      'nature',
      `« ${nature.label.en} » is not a ${kind} nature`,
      `« ${nature.label.fr} » ne relève pas de la police ${kind === 'judicial' ? 'judiciaire' : 'administrative'}`,
    );

  let natinfCode: number | null = null;
  const natinf = text(input.natinfCode);
  if (natinf) {
    if (!/^\d{1,6}$/.test(natinf) || Number(natinf) === 0)
      problem('natinfCode', 'must be a NATINF code (digits)', 'un code NATINF est fait de chiffres');
    else if (kind === 'administrative')
      problem(
        'natinfCode',
        'an administrative mission takes no NATINF code',
        'une mission administrative n’a pas de code NATINF',
      );
    else natinfCode = Number(natinf);
  } else if (kind === 'judicial')
    problem('natinfCode', 'a judicial entry needs the offence’s NATINF code', 'indiquez le code NATINF de l’infraction');

  const source = text(input.source) as EntrySource;
  if (!entrySources.includes(source)) problem('source', 'unknown source', 'origine inconnue');
  const reportId = orNull(input.reportId);
  if (source === 'report' && !reportId)
    problem('reportId', 'an entry from a report names the report', 'indiquez le signalement auquel l’intervention répond');
  if (reportId && source !== 'report')
    problem('reportId', 'only an entry whose source is a report names one', 'seule une intervention sur signalement en cite un');
  if (reportId && !isUuid(reportId)) problem('reportId', 'unknown report', 'signalement inconnu');

  const instant = (field: string, value: unknown, required: boolean): Date | null => {
    const raw = text(value);
    if (!raw) {
      if (required) problem(field, 'is required', 'obligatoire');
      return null;
    }
    const at = readInstant(raw, options.zone);
    if (!at) problem(field, 'must be a date and time (YYYY-MM-DDTHH:MM)', 'date et heure attendues (AAAA-MM-JJ HH:MM)');
    else if (at.getTime() > options.now.getTime() + 5 * 60_000)
      problem(field, 'cannot be in the future', 'ne peut pas être dans le futur');
    return at ?? null;
  };
  const calledAt = instant('calledAt', input.calledAt, true);
  const arrivedAt = instant('arrivedAt', input.arrivedAt, false);
  const endedAt = instant('endedAt', input.endedAt, false);
  if (calledAt && arrivedAt && arrivedAt < calledAt)
    problem('arrivedAt', 'cannot be before the call', 'l’arrivée ne peut pas précéder l’appel');
  if (calledAt && endedAt && endedAt < calledAt)
    problem('endedAt', 'cannot be before the start', 'la fin ne peut pas précéder le début');
  else if (arrivedAt && endedAt && endedAt < arrivedAt)
    problem('endedAt', 'cannot be before the arrival', 'la fin ne peut pas précéder l’arrivée');

  let point: CheckedEntry['point'] = null;
  const [lat, lon] = [text(input.lat), text(input.lon)];
  if (lat || lon) {
    const [y, x] = [Number(lat), Number(lon)];
    if (!lat || !Number.isFinite(y) || y < -90 || y > 90) problem('lat', 'must be a latitude', 'latitude attendue');
    else if (!lon || !Number.isFinite(x) || x < -180 || x > 180) problem('lon', 'must be a longitude', 'longitude attendue');
    else point = { lat: y, lon: x };
  }
  const address = orNull(input.address);
  if (address && address.length > 300) problem('address', 'at most 300 characters', 'au plus 300 caractères');

  const agents = [...new Set((input.agents ?? []).map(text).filter(Boolean))];
  if (agents.length === 0) problem('agents', 'name at least one agent', 'indiquez au moins un agent');
  else if (agents.some((id) => !isUuid(id))) problem('agents', 'unknown agent', 'agent inconnu');
  const vehicles = [...new Set((input.vehicles ?? []).map(text).filter(Boolean))];
  if (vehicles.some((v) => v.length > 40)) problem('vehicles', 'at most 40 characters each', 'au plus 40 caractères chacun');
  const findings = text(input.findings);
  if (findings.length > MAX_FINDINGS)
    problem('findings', `at most ${MAX_FINDINGS} characters`, `au plus ${MAX_FINDINGS} caractères`);
  const followUp = [...new Set((input.followUp ?? []).map(text).filter(Boolean))] as FollowUp[];
  if (followUp.some((f) => !followUps.includes(f))) problem('followUp', 'unknown follow-up', 'suite inconnue');

  const people = checkPeople(input.people ?? [], problem);
  if (problems.length > 0)
    throw new AppError('invalid_input', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  return {
    kind,
    nature: nature!.code,
    natinfCode,
    source,
    reportId,
    calledAt: calledAt!,
    arrivedAt,
    endedAt,
    point,
    address,
    agents,
    vehicles,
    findings,
    followUp,
    people,
  };
}

function checkPeople(people: PersonInput[], problem: (field: string, message: string, fr: string) => void): CheckedPerson[] {
  if (people.length > MAX_PEOPLE) problem('people', `at most ${MAX_PEOPLE} people`, `au plus ${MAX_PEOPLE} personnes`);
  const out: CheckedPerson[] = [];
  for (const [i, p] of people.entries()) {
    const field = (name: string) => `people[${i}].${name}`;
    const role = text(p.role) as PersonRole;
    if (!personRoles.includes(role)) {
      problem(field('role'), 'must be caller, victim, suspect or witness', 'rôle : appelant, victime, mis en cause ou témoin');
      continue;
    }
    const familyName = orNull(p.familyName);
    const givenName = orNull(p.givenName);
    for (const [name, value] of [
      ['familyName', familyName],
      ['givenName', givenName],
    ] as const)
      if (value && value.length > 120) problem(field(name), 'at most 120 characters', 'au plus 120 caractères');
    const year = text(p.birthYear);
    if (year && (!/^\d{4}$/.test(year) || Number(year) < 1900))
      problem(field('birthYear'), 'must be a year of birth', 'année de naissance attendue');
    const phone = orNull(p.phone);
    if (phone && role !== 'caller' && role !== 'victim')
      problem(
        field('phone'),
        'a phone number is kept for a caller or a victim only',
        'numéro gardé pour l’appelant ou la victime seulement',
      );
    else if (phone && !/^[+0-9 .-]{4,30}$/.test(phone))
      problem(field('phone'), 'must be a phone number', 'numéro de téléphone attendu');
    out.push({
      role,
      family_name: familyName,
      given_name: givenName,
      birth_year: year ? Number(year) : null,
      phone,
    });
  }
  return out;
}
