import type { Tx } from '../../../db/database.js';
import { AppError, type FieldProblem } from '../../../platform/errors.js';
import { checkFigureSource } from '../../../platform/figures/figure-registry.js';
import { isCrimeIndicator } from './crime-source.js';
import type { IndicatorKind } from './tables.js';

/** What the target form sends: every field as typed. */
export interface TargetInput {
  label?: string;
  /** `ssmsi:<key>` or `figure:<source id>[:<option>]`. */
  indicator?: string;
  baselineYear?: string;
  targetYear?: string;
  changePercent?: string;
  targetValue?: string;
}

export interface CheckedIndicator {
  kind: IndicatorKind;
  indicator: string;
  option: string;
}

/** Reads `ssmsi:<key>` or `figure:<id>[:<option>]`, checked against what the tenant's modules offer. */
export async function checkIndicator(
  tx: Tx,
  programmes: readonly string[],
  text: string | undefined,
  field: string,
  problems: FieldProblem[],
): Promise<CheckedIndicator | undefined> {
  const [kind, indicator = '', ...rest] = (text ?? '').trim().split(':');
  const option = rest.join(':');
  if (kind === 'ssmsi' && isCrimeIndicator(indicator) && option === '') return { kind, indicator, option };
  if (kind === 'figure') {
    try {
      await checkFigureSource(tx, programmes, indicator, option, field);
      return { kind, indicator, option };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
    }
  }
  problems.push({ field, message: 'choose an indicator from the list', fr: 'choisissez un indicateur de la liste' });
  return undefined;
}

const readYear = (problems: FieldProblem[], field: string, text: string | undefined): number => {
  const year = Number((text ?? '').trim());
  if (!/^\d{4}$/.test((text ?? '').trim()) || year < 2000 || year > 2100) {
    problems.push({ field, message: 'must be a year between 2000 and 2100', fr: 'une année entre 2000 et 2100' });
    return Number.NaN;
  }
  return year;
};

const readNumber = (text: string | undefined): number | undefined | null => {
  const trimmed = (text ?? '')
    .trim()
    .replace(',', '.')
    .replace(/\s+%?$/, '');
  if (trimmed === '') return undefined;
  return /^[+-]?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : null;
};

/** Every field checked at once; a problem per wrong field, in the order of the form. */
export async function checkTarget(tx: Tx, programmes: readonly string[], input: TargetInput) {
  const problems: FieldProblem[] = [];
  const label = (input.label ?? '').trim();
  if (label.length < 5 || label.length > 300)
    problems.push({ field: 'label', message: 'must be 5 to 300 characters', fr: 'de 5 à 300 caractères' });
  const indicator = await checkIndicator(tx, programmes, input.indicator, 'indicator', problems);
  const baselineYear = readYear(problems, 'baselineYear', input.baselineYear);
  const targetYear = readYear(problems, 'targetYear', input.targetYear);
  if (targetYear <= baselineYear)
    problems.push({
      field: 'targetYear',
      message: 'must come after the baseline year',
      fr: 'postérieure à l’année de référence',
    });
  const change = readNumber(input.changePercent);
  const value = readNumber(input.targetValue);
  if (change === null || (change !== undefined && (change < -100 || change > 1000)))
    problems.push({
      field: 'changePercent',
      message: 'a percentage between -100 and 1000',
      fr: 'un pourcentage entre -100 et 1000',
    });
  if (value === null || (value !== undefined && value < 0))
    problems.push({ field: 'targetValue', message: 'a number of at least 0', fr: 'un nombre positif ou nul' });
  if ((change === undefined) === (value === undefined) && change !== null && value !== null)
    problems.push({
      field: 'changePercent',
      message: 'give either a change in per cent or a value to reach',
      fr: 'indiquez soit une évolution en %, soit une valeur à atteindre',
    });
  if (problems.length || !indicator)
    throw new AppError('invalid_input', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  return { label, indicator, baselineYear, targetYear, changePercent: change ?? null, targetValue: value ?? null };
}
