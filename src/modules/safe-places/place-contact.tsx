import type { Translate } from '../../platform/i18n/i18n.js';

/** How to reach a place: its phone first (« appelez avant si vous pouvez »), address, access, languages. */
export function PlaceContact({
  t,
  place,
}: {
  t: Translate;
  place: { phone: string | null; address: string; wheelchair: string | null; languages: string[] };
}) {
  return (
    <>
      {place.phone ? (
        <p>
          {t('angela.callFirst')} <a href={`tel:${place.phone.replace(/\s+/g, '')}`}>{place.phone}</a>
        </p>
      ) : null}
      <p>{place.address}</p>
      {place.wheelchair === 'yes' ? <p>{t('angela.wheelchair')}</p> : null}
      {place.languages.length ? <p>{t('angela.languages', { languages: place.languages.join(', ') })}</p> : null}
    </>
  );
}
