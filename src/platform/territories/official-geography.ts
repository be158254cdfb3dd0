import { createRequire } from 'node:module';

/**
 * Communes, INSEE codes, populations, EPCI and Lyon/Marseille/Paris
 * arrondissements from @etalab/decoupage-administratif (the official COG),
 * never typed by hand. Loaded on first use: the communes file is large.
 */
export interface OfficialCommune {
  code: string;
  nom: string;
  type: 'commune-actuelle' | 'arrondissement-municipal' | 'commune-deleguee' | 'commune-associee';
  siren?: string;
  population?: number;
  departement: string;
  commune?: string;
}

export interface OfficialEpci {
  code: string;
  nom: string;
  type: string;
  membres: { code: string; nom: string }[];
}

const require = createRequire(import.meta.url);
let communes: OfficialCommune[] | undefined;
let epcis: OfficialEpci[] | undefined;

const allCommunes = () => (communes ??= require('@etalab/decoupage-administratif/data/communes.json') as OfficialCommune[]);
const allEpcis = () => (epcis ??= require('@etalab/decoupage-administratif/data/epci.json') as OfficialEpci[]);

export function officialCommune(inseeCode: string): OfficialCommune {
  const found = allCommunes().find((c) => c.code === inseeCode && c.type === 'commune-actuelle');
  if (!found) throw new Error(`No current commune with INSEE code ${inseeCode}`);
  return found;
}

export function officialEpci(siren: string): OfficialEpci {
  const found = allEpcis().find((e) => e.code === siren);
  if (!found) throw new Error(`No EPCI with SIREN ${siren}`);
  return found;
}

/** The EPCI a commune belongs to. */
export function epciOfCommune(inseeCode: string): OfficialEpci | undefined {
  return allEpcis().find((e) => e.membres.some((m) => m.code === inseeCode));
}

/** Municipal arrondissements (Lyon, Marseille, Paris) of a commune, in code order. */
export function arrondissementsOf(inseeCode: string): OfficialCommune[] {
  return allCommunes()
    .filter((c) => c.type === 'arrondissement-municipal' && c.commune === inseeCode)
    .sort((a, b) => a.code.localeCompare(b.code));
}
