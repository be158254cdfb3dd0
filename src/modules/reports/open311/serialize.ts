import { XMLBuilder } from 'fast-xml-parser';
import type { FastifyReply } from 'fastify';
import { AppError } from '../../../platform/errors.js';

export type Format = 'json' | 'xml';

/** The element of each item of a list, in the spec's XML: `<attributes><attribute>…`, `<service_requests><request>…`. */
const itemOf: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
};

/** Whether XML 1.0 can carry a character at all, even escaped (not most control characters). */
const xmlChar = (c: string) => {
  const code = c.codePointAt(0) as number;
  if (code === 0x9 || code === 0xa || code === 0xd) return true;
  return code >= 0x20 && !(code >= 0xd800 && code <= 0xdfff) && code !== 0xfffe && code !== 0xffff;
};

/** Wraps each list in its plural element, drops absent fields (null: an empty element), keeps text XML can carry. */
function forXml(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    const item = (key && itemOf[key]) ?? 'item';
    return { [item]: value.map((v) => forXml(v, item)) };
  }
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v === null ? '' : forXml(v, k);
    return out;
  }
  return typeof value === 'string' ? [...value].filter(xmlChar).join('') : value;
}

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false });

/** The document in the format asked: JSON as is, XML under its root element (`services`, `discovery`…). */
export function render(format: Format, root: string, document: unknown): { contentType: string; body: string } {
  if (format === 'json') return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(document) };
  const xml = builder.build({ [root]: forXml(document, root) });
  return { contentType: 'text/xml; charset=utf-8', body: `<?xml version="1.0" encoding="utf-8"?>${xml}` };
}

export function send(reply: FastifyReply, format: Format, root: string, document: unknown, status = 200) {
  const { contentType, body } = render(format, root, document);
  return reply.status(status).type(contentType).send(body);
}

/** `requests.json` → ['requests', 'json']; anything but .json or .xml is no resource of ours. */
export function splitFormat(file: string): { name: string; format: Format } {
  const dot = file.lastIndexOf('.');
  const format = file.slice(dot + 1);
  if (dot <= 0 || (format !== 'json' && format !== 'xml')) throw new AppError('not_found', 'Use a .json or .xml resource');
  return { name: file.slice(0, dot), format };
}

/** An ISO 8601 time with the offset of the tenant's zone, as the spec wants: 2026-11-28T23:00:00+01:00. */
export function isoInZone(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  const offsetMinutes = Math.round((local - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const pad = (n: number) => String(n).padStart(2, '0');
  const offset = `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}
