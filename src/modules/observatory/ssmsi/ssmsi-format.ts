/**
 * Which SSMSI file this is, read from its header: communal or departmental, current or older format (editions up
 * to 2023), the commune geography's year (`CODGEO_YYYY`, found by prefix since it changes with each edition), and
 * where each column is. Columns are found by name, not position: the two formats order them differently.
 */
import { normalise } from './indicators.js';
import type { SsmsiFileKind, SsmsiFormat } from './tables.js';

export type Column =
  | 'code'
  | 'region'
  | 'year'
  | 'label'
  | 'unit'
  | 'count'
  | 'rate'
  | 'published'
  | 'complementCount'
  | 'complementRate'
  | 'population'
  | 'populationYear'
  | 'dwellings'
  | 'dwellingsYear';

/** Each column's names in the two formats, compared without case, accents or punctuation. */
const names: Record<Exclude<Column, 'code'>, string[]> = {
  region: ['code region'],
  year: ['annee'],
  label: ['indicateur', 'classe'],
  unit: ['unite de compte'],
  count: ['nombre', 'faits'],
  rate: ['taux pour mille', 'tauxpourmille'],
  published: ['est diffuse', 'valeur publiee'],
  complementCount: ['complement info nombre', 'complementinfoval'],
  complementRate: ['complement info taux', 'complementinfotaux'],
  population: ['insee pop', 'pop'],
  populationYear: ['insee pop millesime', 'millpop'],
  dwellings: ['insee log', 'log'],
  dwellingsYear: ['insee log millesime', 'milllog'],
};

export interface SsmsiLayout {
  kind: SsmsiFileKind;
  format: SsmsiFormat;
  geographyYear: number | null;
  columns: Partial<Record<Column, number>>;
  header: string[];
}

const required: Record<SsmsiFileKind, Column[]> = {
  communal: ['code', 'year', 'label', 'unit', 'count', 'rate', 'published'],
  departmental: ['code', 'year', 'label', 'unit', 'count', 'rate'],
};

/** The layout, or the reason the header is not an SSMSI file's. */
export function layoutOf(rawHeader: string[]): SsmsiLayout | { problem: string; fr: string } {
  const header = rawHeader.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
  const keys = header.map(normalise);
  const codgeo = header.findIndex((h) => /^codgeo_/i.test(h));
  const departement = keys.indexOf('code departement');
  const kind: SsmsiFileKind | undefined = codgeo >= 0 ? 'communal' : departement >= 0 ? 'departmental' : undefined;
  if (!kind)
    return {
      problem: 'no CODGEO_YYYY column (communal file) nor Code_departement column (departmental file)',
      fr: 'ni colonne CODGEO_AAAA (fichier communal) ni colonne Code_departement (fichier départemental)',
    };
  const columns: Partial<Record<Column, number>> = { code: kind === 'communal' ? codgeo : departement };
  for (const [column, options] of Object.entries(names) as [Exclude<Column, 'code'>, string[]][]) {
    const at = keys.findIndex((k) => options.includes(k));
    if (at >= 0) columns[column] = at;
  }
  const missing = required[kind].filter((c) => columns[c] === undefined);
  if (missing.length)
    return {
      problem: `missing column(s) ${missing.join(', ')} for a ${kind} SSMSI file`,
      fr: `colonne(s) manquante(s) ${missing.join(', ')} pour un fichier SSMSI ${kind === 'communal' ? 'communal' : 'départemental'}`,
    };
  const format: SsmsiFormat = keys.includes('indicateur') ? 'current' : 'older';
  const year = codgeo >= 0 ? Number(/^codgeo_(\d{4})$/i.exec(header[codgeo] ?? '')?.[1]) : Number.NaN;
  return { kind, format, geographyYear: Number.isFinite(year) ? year : null, columns, header };
}
