import { AppError, type FieldProblem, invalidInput } from '../../../platform/errors.js';
import type { AttributeValues } from '../check-attributes.js';
import { storableText } from '../storable-text.js';

/** A posted form: each field's values, in order (fast-querystring gives a string, or an array when repeated). */
export type FormFields = Map<string, string[]>;

/** Any parsed body as fields of strings; anything else (a JSON number, a nested object) is refused, naming the field. */
export function readForm(body: unknown): FormFields {
  if (body === null || body === undefined) return new Map();
  if (typeof body !== 'object' || Array.isArray(body))
    throw invalidInput('body', 'must be an application/x-www-form-urlencoded form');
  const fields: FormFields = new Map();
  for (const [key, value] of Object.entries(body)) {
    const values = [value].flat();
    if (!values.every((v) => typeof v === 'string')) throw invalidInput(key.slice(0, 100), 'must be text');
    if (!(values as string[]).every(storableText) || !storableText(key))
      throw invalidInput('body', 'holds a NUL character or malformed text');
    fields.set(key, values as string[]);
  }
  return fields;
}

/** The one value of a field, or undefined; a field given twice is refused. */
export function single(fields: FormFields, key: string): string | undefined {
  const values = fields.get(key);
  if (!values || values.length === 0) return undefined;
  if (values.length > 1) throw invalidInput(key, 'must be given once');
  return values[0];
}

export interface ServiceRequestForm {
  serviceCode: string;
  /** Given as lat + long, or to be found from addressString. */
  point?: { lat: number; lon: number };
  addressString?: string;
  attributes: AttributeValues;
  description: string;
  contact: { name?: string; email?: string; phone?: string };
}

const coordinate = /^-?\d{1,3}(\.\d{1,15})?$/;
const attributeKey = /^attribute\[([^[\]]{1,100})\](\[\])?$/;

/**
 * The fields of a POST service request, checked for shape (the operation checks meaning: the category, the answers,
 * the territory). Every problem is named at once. `media_url` is accepted and ignored: the platform never fetches
 * nor shows a third party's file (photos come through the form, re-encoded).
 */
export function parseServiceRequestForm(fields: FormFields): ServiceRequestForm {
  const problems: FieldProblem[] = [];
  const take = (key: string) => {
    try {
      return single(fields, key)?.trim() || undefined;
    } catch (error) {
      problems.push(...(error as AppError).details);
      return undefined;
    }
  };
  const serviceCode = take('service_code');
  if (!serviceCode) problems.push({ field: 'service_code', message: 'is required' });
  const lat = take('lat');
  const long = take('long');
  const addressString = take('address_string');
  let point: ServiceRequestForm['point'];
  if (lat !== undefined || long !== undefined) {
    if (lat === undefined || !coordinate.test(lat) || Math.abs(Number(lat)) > 90)
      problems.push({ field: 'lat', message: 'must be a latitude in decimal degrees (WGS 84)' });
    if (long === undefined || !coordinate.test(long) || Math.abs(Number(long)) > 180)
      problems.push({ field: 'long', message: 'must be a longitude in decimal degrees (WGS 84)' });
    point = { lat: Number(lat), lon: Number(long) };
  } else if (!addressString) {
    problems.push({ field: 'lat', message: 'lat and long, or address_string, are required', fr: 'lieu manquant' });
  }
  // No prototype: a posted attribute[__proto__] is just an unknown answer.
  const attributes: AttributeValues = Object.create(null);
  for (const [key, values] of fields) {
    const match = attributeKey.exec(key);
    if (!match) continue;
    const code = match[1] as string;
    const previous = attributes[code];
    attributes[code] =
      previous === undefined && values.length === 1 && !match[2] ? (values[0] as string) : [previous ?? [], values].flat();
  }
  const first = take('first_name');
  const last = take('last_name');
  const name = [first, last].filter(Boolean).join(' ') || undefined;
  const description = take('description') ?? '';
  const email = take('email');
  const phone = take('phone');
  if (problems.length) throw new AppError('invalid_input', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  return {
    serviceCode: serviceCode as string,
    ...(point ? { point } : {}),
    ...(addressString ? { addressString } : {}),
    attributes,
    description,
    contact: { name, email, phone },
  };
}
