import { AppError } from '../errors.js';
import type { Geocoder, Place } from './geocoder.js';

interface BanFeature {
  geometry: { coordinates: [number, number] };
  properties: { label: string; postcode?: string; city?: string; citycode?: string };
}

/**
 * The national address service (BAN / Géoplateforme geocoding), queried only
 * when an operator configures it. Results are limited to the tenant's commune
 * when the tenant is one.
 */
export function banGeocoder(baseUrl: string, fetchImpl: typeof fetch = fetch): Geocoder {
  return {
    async search(tenant, query, limit) {
      const url = new URL(`${baseUrl.replace(/\/$/, '')}/search`);
      url.searchParams.set('q', query);
      url.searchParams.set('limit', String(limit));
      url.searchParams.set('index', 'address');
      if (tenant.kind === 'commune' && tenant.insee_code) url.searchParams.set('citycode', tenant.insee_code);
      let response: Response;
      try {
        response = await fetchImpl(url, { signal: AbortSignal.timeout(5000), headers: { accept: 'application/json' } });
      } catch {
        throw new AppError('unavailable', 'The address service did not answer');
      }
      if (!response.ok) throw new AppError('unavailable', `The address service answered ${response.status}`);
      const body = (await response.json()) as { features?: BanFeature[] };
      return (body.features ?? []).map(
        (f): Place => ({
          label: f.properties.label,
          postcode: f.properties.postcode ?? '',
          city: f.properties.city ?? '',
          inseeCode: f.properties.citycode ?? '',
          lon: f.geometry.coordinates[0],
          lat: f.geometry.coordinates[1],
        }),
      );
    },
  };
}
