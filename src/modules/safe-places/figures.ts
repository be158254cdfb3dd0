import type { FigureSource } from '../../platform/figures/figure-source.js';

/** Help requests the partner venues recorded, by the date the person asked for help. */
export const helpRequests: FigureSource = {
  id: 'safe-places.help-requests',
  label: { fr: 'Demandes d’aide dans les lieux sûrs', en: 'Help requests in safe places' },
  unit: { fr: 'demandes d’aide', en: 'help requests' },
  async count(tx, period) {
    const row = await tx
      .selectFrom('safe_place_help_requests')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('occurred_at', '>=', period.from)
      .where('occurred_at', '<', period.to)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
};

export const safePlacesFigures: FigureSource[] = [helpRequests];
