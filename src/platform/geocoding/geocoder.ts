import type { Tenant } from '../tenants/tenant-queries.js';

export interface Place {
  label: string;
  postcode: string;
  city: string;
  inseeCode: string;
  lon: number;
  lat: number;
}

/**
 * Turns a typed address into places. Two implementations: the local BAN index
 * (default) and a configured BAN/Géoplateforme service. A typed address goes to
 * no other third party.
 */
export interface Geocoder {
  search(tenant: Tenant, query: string, limit: number): Promise<Place[]>;
}

/** Lower case, no accents, no punctuation: how both the index and queries are compared. */
export function normaliseForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
