/**
 * The SSMSI indicators across editions: each file's label (« indicateur » now, « classe » up to the 2023 editions)
 * and unit mapped to a stable key, a unit and a definition. Consecutive years counted under different definitions
 * show a series break.
 *
 * A TypeScript list rather than a table: the mapping is part of the importer's logic (read for every row without a
 * database round trip), changes only with a new edition, which needs a release anyway, and shows in review as a diff.
 * Labels the list does not know are still imported, under a key derived from the label and unit, and reported.
 */

export const units = ['infraction', 'victime', 'mis_en_cause', 'vehicule', 'victime_entendue'] as const;
export type KnownUnit = (typeof units)[number];

export interface IndicatorDefinition {
  key: string;
  unit: string;
  /** What the file counted; a change between consecutive years is a series break. */
  definition: string;
  /** Burglaries are counted per 1 000 dwellings, everything else per 1 000 inhabitants. */
  rateBase: 'inhabitants' | 'dwellings';
  fr: string;
  en: string;
}

interface Entry {
  key: string;
  unit: KnownUnit;
  fr: string;
  en: string;
  rateBase?: 'dwellings';
  /** Each wording of the indicator in the files, with the definition it stands for. */
  labels: { label: string; definition: string }[];
}

const entries: Entry[] = [
  {
    key: 'coups-blessures-volontaires',
    unit: 'victime',
    fr: 'Coups et blessures volontaires (ensemble)',
    en: 'Intentional assault (all)',
    labels: [{ label: 'Coups et blessures volontaires', definition: 'cbv' }],
  },
  {
    // Split in 2025: « coups et blessures volontaires » became physical violence outside / inside the family.
    key: 'violences-physiques-hors-famille',
    unit: 'victime',
    fr: 'Violences physiques hors cadre familial',
    en: 'Physical violence outside the family',
    labels: [
      { label: 'Autres coups et blessures volontaires', definition: 'cbv-autres' },
      { label: 'Violences physiques hors cadre familial', definition: 'violences-physiques-hors-famille-2025' },
    ],
  },
  {
    key: 'violences-physiques-intrafamiliales',
    unit: 'victime',
    fr: 'Violences physiques intrafamiliales',
    en: 'Physical violence within the family',
    labels: [
      { label: 'Coups et blessures volontaires intrafamiliaux', definition: 'cbv-intrafamiliaux' },
      { label: 'Violences physiques intrafamiliales', definition: 'violences-physiques-intrafamiliales-2025' },
    ],
  },
  {
    key: 'violences-sexuelles',
    unit: 'victime',
    fr: 'Violences sexuelles',
    en: 'Sexual violence',
    labels: [{ label: 'Violences sexuelles', definition: 'violences-sexuelles' }],
  },
  {
    key: 'homicides',
    unit: 'victime',
    fr: 'Homicides',
    en: 'Homicides',
    labels: [{ label: 'Homicides', definition: 'homicides' }],
  },
  {
    key: 'tentatives-homicide',
    unit: 'victime',
    fr: 'Tentatives d’homicide',
    en: 'Attempted homicides',
    labels: [
      { label: "Tentatives d'homicide", definition: 'tentatives-homicide' },
      { label: "Tentatives d'homicides", definition: 'tentatives-homicide' },
    ],
  },
  {
    key: 'vols-avec-armes',
    unit: 'infraction',
    fr: 'Vols avec armes',
    en: 'Armed robbery',
    labels: [{ label: 'Vols avec armes', definition: 'vols-avec-armes' }],
  },
  {
    key: 'vols-violents-sans-arme',
    unit: 'infraction',
    fr: 'Vols violents sans arme',
    en: 'Violent theft without a weapon',
    labels: [{ label: 'Vols violents sans arme', definition: 'vols-violents-sans-arme' }],
  },
  {
    key: 'vols-sans-violence-personnes',
    unit: 'victime_entendue',
    fr: 'Vols sans violence contre des personnes',
    en: 'Theft from persons without violence',
    labels: [{ label: 'Vols sans violence contre des personnes', definition: 'vols-sans-violence-personnes' }],
  },
  {
    key: 'cambriolages-logement',
    unit: 'infraction',
    rateBase: 'dwellings',
    fr: 'Cambriolages de logement',
    en: 'Residential burglaries',
    labels: [{ label: 'Cambriolages de logement', definition: 'cambriolages-logement' }],
  },
  {
    key: 'vols-de-vehicules',
    unit: 'vehicule',
    fr: 'Vols de véhicules',
    en: 'Vehicle theft',
    labels: [
      { label: 'Vols de véhicules', definition: 'vols-de-vehicules' },
      { label: 'Vols de véhicule', definition: 'vols-de-vehicules' },
    ],
  },
  {
    key: 'vols-dans-vehicules',
    unit: 'vehicule',
    fr: 'Vols dans les véhicules',
    en: 'Theft from vehicles',
    labels: [{ label: 'Vols dans les véhicules', definition: 'vols-dans-vehicules' }],
  },
  {
    key: 'vols-accessoires-vehicules',
    unit: 'vehicule',
    fr: 'Vols d’accessoires sur véhicules',
    en: 'Theft of vehicle parts',
    labels: [{ label: "Vols d'accessoires sur véhicules", definition: 'vols-accessoires-vehicules' }],
  },
  {
    key: 'destructions-degradations',
    unit: 'infraction',
    fr: 'Destructions et dégradations volontaires',
    en: 'Criminal damage',
    labels: [{ label: 'Destructions et dégradations volontaires', definition: 'destructions-degradations' }],
  },
  {
    key: 'trafic-stupefiants',
    unit: 'mis_en_cause',
    fr: 'Trafic de stupéfiants',
    en: 'Drug trafficking',
    labels: [{ label: 'Trafic de stupéfiants', definition: 'trafic-stupefiants' }],
  },
  {
    key: 'usage-stupefiants',
    unit: 'mis_en_cause',
    fr: 'Usage de stupéfiants',
    en: 'Drug use',
    labels: [{ label: 'Usage de stupéfiants', definition: 'usage-stupefiants' }],
  },
  {
    key: 'usage-stupefiants-afd',
    unit: 'mis_en_cause',
    fr: 'Usage de stupéfiants (amendes forfaitaires délictuelles)',
    en: 'Drug use (fixed penalty notices)',
    labels: [{ label: 'Usage de stupéfiants (AFD)', definition: 'usage-stupefiants-afd' }],
  },
  {
    key: 'escroqueries',
    unit: 'victime',
    fr: 'Escroqueries et fraudes aux moyens de paiement',
    en: 'Fraud, including payment fraud',
    labels: [
      { label: 'Escroqueries et fraudes aux moyens de paiement', definition: 'escroqueries-fraudes' },
      { label: 'Escroqueries', definition: 'escroqueries' },
    ],
  },
];

/** Lower case, no accents, no punctuation: « Vols d’accessoires » and « vols d'accessoires » are one label. */
export const normalise = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** A file's unit (« Victime », « Mis en cause », « véhicule »…) as a key. */
export const unitKey = (text: string): string => normalise(text).replace(/ /g, '_');

const byLabelAndUnit = new Map<string, IndicatorDefinition>();
const byKey = new Map<string, IndicatorDefinition>();
for (const entry of entries) {
  for (const { label, definition } of entry.labels) {
    const found: IndicatorDefinition = {
      key: entry.key,
      unit: entry.unit,
      definition,
      rateBase: entry.rateBase ?? 'inhabitants',
      fr: entry.fr,
      en: entry.en,
    };
    byLabelAndUnit.set(`${normalise(label)}|${entry.unit}`, found);
    if (!byKey.has(entry.key)) byKey.set(entry.key, found);
  }
}

/**
 * The indicator a file's label and unit stand for. A known label in another unit is not that indicator (figures of
 * different units are never put together): it gets a key of its own, like an unknown label (`known: false`).
 */
export function indicatorOf(label: string, unit: string): IndicatorDefinition & { known: boolean } {
  const u = unitKey(unit);
  const found = byLabelAndUnit.get(`${normalise(label)}|${u}`);
  if (found) return { ...found, known: true };
  const key = `${normalise(label).replace(/ /g, '-')}~${u.replace(/_/g, '-')}`;
  return { key, unit: u, definition: key, rateBase: 'inhabitants', fr: label, en: label, known: false };
}

/** What the mapping says of a key (undefined for a key derived from an unknown label). */
export const indicatorByKey = (key: string): IndicatorDefinition | undefined => byKey.get(key);

export const knownIndicators = (): IndicatorDefinition[] => [...byKey.values()];
