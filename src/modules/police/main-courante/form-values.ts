import type { EntryInput } from './check-entry.js';

/** A posted form as typed: one string per field, a list for repeated ones (checkboxes). */
export type FormValues = Record<string, string | string[]>;

export function formValues(body: unknown): FormValues {
  const out: FormValues = {};
  for (const [name, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (name === '_csrf') continue;
    if (Array.isArray(value)) out[name] = value.map(String);
    else if (typeof value === 'string') out[name] = value;
  }
  return out;
}

export const one = (values: FormValues, name: string) => [values[name] ?? ''].flat()[0] ?? '';
export const many = (values: FormValues, name: string) => [values[name] ?? []].flat().filter(Boolean);

/** How many person rows the form offers: those typed, plus empty ones to fill. */
export const PERSON_ROWS = 3;

/** The form's fields as an operation's input (empty person rows are left out). */
export function entryFromForm(values: FormValues): EntryInput {
  const people: EntryInput['people'] = [];
  for (let i = 0; i < 20; i++) {
    const field = (name: string) => one(values, `people[${i}].${name}`);
    const row = {
      role: field('role'),
      familyName: field('familyName'),
      givenName: field('givenName'),
      birthYear: field('birthYear'),
      phone: field('phone'),
    };
    if (Object.values(row).some((v) => v.trim())) people.push(row);
  }
  return {
    kind: one(values, 'kind'),
    nature: one(values, 'nature'),
    natinfCode: one(values, 'natinfCode'),
    source: one(values, 'source'),
    reportId: one(values, 'reportId'),
    calledAt: one(values, 'calledAt'),
    arrivedAt: one(values, 'arrivedAt'),
    endedAt: one(values, 'endedAt'),
    lat: one(values, 'lat'),
    lon: one(values, 'lon'),
    address: one(values, 'address'),
    agents: many(values, 'agents'),
    vehicles: one(values, 'vehicles')
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
    findings: one(values, 'findings'),
    followUp: many(values, 'followUp'),
    people,
  };
}
