import type { Tx } from '../../db/database.js';
import { invalidInput } from '../errors.js';
import type { ProgrammeId } from '../programmes.js';
import type { FigurePeriod, FigureSource } from './figure-source.js';

/**
 * The module list is read when a figure is first asked for, not when this file loads: the list holds
 * every module, and a module whose pages read figures (the coordination council) would otherwise
 * import itself through it and be undefined while its parts are gathered.
 */
const moduleList = () => import('../modules/module-list.js');

/** The figures the tenant's modules offer, in module order. */
export async function figureSourcesOf(programmes: readonly ProgrammeId[] | readonly string[]): Promise<FigureSource[]> {
  const { modulesOf } = await moduleList();
  return modulesOf(programmes).flatMap((m) => m.figures ?? []);
}

/**
 * The tenant's figure of that id, or a 400 naming `field`: an indicator may only point to a source a
 * module of this tenant offers, with one of its options.
 */
export async function checkFigureSource(
  tx: Tx,
  programmes: readonly string[],
  id: string,
  option: string | undefined,
  field: string,
): Promise<FigureSource> {
  const source = (await figureSourcesOf(programmes)).find((s) => s.id === id);
  if (!source) throw invalidInput(field, `unknown figure source « ${id} »`, `source de chiffres inconnue « ${id} »`);
  if (option !== undefined && option !== '') {
    if (!source.option)
      throw invalidInput(
        `${field}_option`,
        `the source « ${id} » takes no option`,
        `la source « ${id} » ne prend pas de précision`,
      );
    const options = await source.option.list(tx);
    if (!options.some((o) => o.value === option))
      throw invalidInput(
        `${field}_option`,
        `unknown option « ${option} » for « ${id} »`,
        `précision inconnue « ${option} » pour « ${id} »`,
      );
  }
  return source;
}

/** Reads one figure; an unknown source (a module since disabled) reads as null, not as zero. */
export async function readFigure(
  tx: Tx,
  programmes: readonly string[],
  id: string,
  period: FigurePeriod,
  option?: string,
): Promise<number | null> {
  const source = (await figureSourcesOf(programmes)).find((s) => s.id === id);
  if (!source) return null;
  return source.count(tx, period, option || undefined);
}
