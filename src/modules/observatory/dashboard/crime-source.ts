import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { PlaceSeries } from './crime-figures.js';

type Text = { fr: string; en: string };

/** An SSMSI indicator as the dashboard shows it. */
export interface CrimeIndicator {
  key: string;
  label: Text;
  /** The SSMSI counting unit (victime, infraction, mis_en_cause…): figures of different units are never added. */
  unit: string;
  rateBase: 'inhabitants' | 'dwellings';
}

/** The indicators the SSMSI part knows. Filled once its series functions are merged. */
export function crimeIndicators(): CrimeIndicator[] {
  return [];
}

export const isCrimeIndicator = (key: string) => crimeIndicators().some((i) => i.key === key);

/**
 * One indicator for the tenant's communes, their département and France, from the active SSMSI edition (national
 * reference data: no tenant transaction). Empty until an edition is loaded.
 */
export async function readCrimeSeries(
  _db: Kysely<DB>,
  _communes: readonly string[],
  _indicator: string,
): Promise<{ communes: PlaceSeries[]; departement: PlaceSeries | null; france: PlaceSeries | null }> {
  return { communes: [], departement: null, france: null };
}
