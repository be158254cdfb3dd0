import type { MultiPolygon } from 'geojson';
import { longDate } from '../../../platform/i18n/dates.js';
import type { Lang, Translate } from '../../../platform/i18n/i18n.js';
import type { MessageKey } from '../../../platform/i18n/messages.js';
import { pdfPath } from './applicable.js';
import type { IndexedOrder } from './order-index.js';
import { formatTime } from './order-time.js';
import { PerimeterSketch } from './perimeter-sketch.js';

/** « 18:00 – 08:00 (jusqu’au lendemain), ven., sam. » — or « toute la journée, tous les jours ». */
export function hoursPhrase(order: Pick<IndexedOrder, 'hours_start' | 'hours_end' | 'days'>, t: Translate, lang: Lang): string {
  const { hours_start: start, hours_end: end, days } = order;
  const hours =
    start === null || end === null
      ? t('orders.allDay')
      : `${formatTime(start)} – ${formatTime(end)}${end < start ? ` ${t('orders.nextMorning')}` : ''}`;
  const monday = Date.UTC(2024, 0, 1, 12);
  const names = days.every(Boolean)
    ? t('orders.everyDay')
    : days
        .map((on, i) =>
          on
            ? new Date(monday + i * 86_400_000).toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
                weekday: 'long',
                timeZone: 'UTC',
              })
            : '',
        )
        .filter(Boolean)
        .join(', ');
  return `${hours}, ${names}`;
}

/** One order as residents read it: who, what is prohibited, where, when, its summary and its published text. */
export function OrderCard({
  order,
  slug,
  t,
  lang,
  outline,
}: {
  order: IndexedOrder;
  slug: string;
  t: Translate;
  lang: Lang;
  outline: MultiPolygon | null;
}) {
  const summary = lang === 'en' && order.summary_en ? order.summary_en : order.summary_fr;
  return (
    <li class="card">
      <h3>{order.title}</h3>
      <p>
        <strong>{t(`orders.author.${order.author}` as MessageKey)}</strong> · {t('orders.number', { number: order.number })} ·{' '}
        {t(`orders.subject.${order.subject}` as MessageKey)}
      </p>
      <p>
        <strong>
          {t('orders.prohibits', {
            list: order.prohibitions.map((p) => t(`orders.prohibition.${p}` as MessageKey)).join(', '),
          })}
        </strong>
      </p>
      <p>{t('orders.hours', { hours: hoursPhrase(order, t, lang) })}</p>
      <p>
        {order.valid_until
          ? t('orders.validity', { from: longDate(order.valid_from, lang), until: longDate(order.valid_until, lang) })
          : t('orders.validityOpen', { from: longDate(order.valid_from, lang) })}
        {' · '}
        {order.perimeter ? t('orders.perimeter') : t('orders.wholeTerritory')}
      </p>
      {order.area ? (
        <PerimeterSketch area={order.area} outline={outline} label={t('orders.sketch', { number: order.number })} />
      ) : null}
      <p>{summary}</p>
      {order.has_pdf ? (
        <p>
          <a href={pdfPath(slug, order.id)} type="application/pdf">
            {t('orders.pdf')}
          </a>
        </p>
      ) : null}
    </li>
  );
}
