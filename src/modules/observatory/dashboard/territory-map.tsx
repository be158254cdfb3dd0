import type { Lang, Translate } from '../../../platform/i18n/i18n.js';
import { frameAround } from '../../night-stops/map-frame.js';
import { ScrollBox } from './dashboard-view.js';
import { formatNumber } from './format.js';
import { CLASSES, classOf, type MapModel, type MapValue } from './map-model.js';

const WIDTH = 560;
/** Light to dark blue; each fill stays distinct from the white page and from its neighbour class. */
const fills = ['#dbe9f6', '#9cc3e4', '#4a8cc7', '#1d4f91'];
const palette = (n: number) => (n >= CLASSES ? fills : fills.slice(CLASSES - n));

export const mapValueText = (value: MapValue, digits: number, t: Translate, lang: Lang) =>
  value.kind === 'value'
    ? formatNumber(value.value, lang, digits)
    : value.kind === 'hidden'
      ? t('obs.map.hidden', { k: value.below })
      : t('obs.map.unknown');

/**
 * A choropleth drawn on the server (no tiles, no script): each territory filled by its class, unknown values hatched
 * grey and small hidden numbers dotted, a legend in words and the table beside it with every value. The projection
 * is the night-stops map frame (equirectangular at the city's latitude), as the groups' map uses.
 */
export function TerritoryMap({ model, t, lang }: { model: MapModel; t: Translate; lang: Lang }) {
  const drawn = model.areas.filter((a) => a.shape);
  const points = drawn.flatMap((a) =>
    a.shape!.coordinates.flatMap((p) => (p[0] ?? []).map(([lon = 0, lat = 0]) => ({ lat, lon }))),
  );
  const frame = frameAround(points.length ? points : [{ lat: 0, lon: 0 }], WIDTH);
  const colours = palette(model.breaks.length);
  const path = (shape: NonNullable<(typeof drawn)[number]['shape']>) =>
    shape.coordinates
      .flatMap((polygon) =>
        polygon.map(
          (ring) =>
            `${ring.map(([lon = 0, lat = 0], i) => `${i ? 'L' : 'M'}${frame.x(lon).toFixed(1)} ${frame.y(lat).toFixed(1)}`).join(' ')} Z`,
        ),
      )
      .join(' ');
  const fillOf = (value: MapValue) =>
    value.kind === 'value'
      ? colours[classOf(value.value, model.breaks)]
      : `url(#${model.id}-${value.kind === 'hidden' ? 'dots' : 'hatch'})`;
  const num = (n: number) => formatNumber(n, lang, model.digits);
  const legend = model.breaks.map((upper, i) => ({
    fill: colours[i]!,
    text:
      i === 0 ? t('obs.map.upTo', { to: num(upper) }) : t('obs.map.range', { from: num(model.breaks[i - 1]!), to: num(upper) }),
  }));
  const hasUnknown = model.areas.some((a) => a.value.kind === 'unknown');
  const hidden = model.areas.find((a) => a.value.kind === 'hidden')?.value;
  return (
    <section class="territory-map" aria-labelledby={`${model.id}-h`} data-map={model.id}>
      <h3 id={`${model.id}-h`}>{model.title}</h3>
      <div class="chart-and-table">
        <figure>
          <svg
            xmlns="http://www.w3.org/2000/svg"
            viewBox={`0 0 ${frame.width} ${frame.height}`}
            width="100%"
            role="img"
            aria-labelledby={`${model.id}-title ${model.id}-desc`}
          >
            <title id={`${model.id}-title`}>{model.title}</title>
            <desc id={`${model.id}-desc`}>{t('obs.map.desc', { measure: model.measure })}</desc>
            <defs>
              <pattern id={`${model.id}-hatch`} width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                <rect width="8" height="8" fill="#ececec" />
                <line x1="0" y1="0" x2="0" y2="8" stroke="#6b6b6b" stroke-width="2" />
              </pattern>
              <pattern id={`${model.id}-dots`} width="8" height="8" patternUnits="userSpaceOnUse">
                <rect width="8" height="8" fill="#ececec" />
                <circle cx="4" cy="4" r="1.6" fill="#4d4d4d" />
              </pattern>
            </defs>
            {drawn.map((area) => (
              <path d={path(area.shape!)} fill={fillOf(area.value)} stroke="#1b1b1b" stroke-width="1" data-area={area.code}>
                <title>{`${area.name} : ${mapValueText(area.value, model.digits, t, lang)}`}</title>
              </path>
            ))}
          </svg>
          <figcaption>
            <ul class="map-legend" aria-label={t('obs.map.legend')}>
              {legend.map((item) => (
                <li>
                  <Swatch fill={item.fill} /> {item.text}
                </li>
              ))}
              {hasUnknown ? (
                <li>
                  <Swatch fill="#ececec" hatch /> {t('obs.map.unknown')}
                </li>
              ) : null}
              {hidden?.kind === 'hidden' ? (
                <li>
                  <Swatch fill="#ececec" dots /> {t('obs.map.hidden', { k: hidden.below })}
                </li>
              ) : null}
            </ul>
          </figcaption>
        </figure>
        <ScrollBox label={model.title}>
          <table>
            <caption>{model.title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('obs.col.place')}</th>
                <th scope="col">{model.measure}</th>
              </tr>
            </thead>
            <tbody>
              {model.areas.map((area) => (
                <tr data-map-area={area.code}>
                  <th scope="row">{area.name}</th>
                  <td class="num">{mapValueText(area.value, model.digits, t, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      </div>
    </section>
  );
}

/** A legend's sample: a square of the class colour, or of the hatching / dots the map uses. */
function Swatch({ fill, hatch, dots }: { fill: string; hatch?: boolean; dots?: boolean }) {
  return (
    <svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" focusable="false">
      <rect x="0.5" y="0.5" width="17" height="17" fill={hatch ? '#ececec' : fill} stroke="#1b1b1b" />
      {hatch ? <path d="M0 12 L12 0 M6 18 L18 6" stroke="#6b6b6b" stroke-width="2" /> : null}
      {dots ? (
        <>
          <circle cx="5" cy="5" r="1.6" fill="#4d4d4d" />
          <circle cx="13" cy="13" r="1.6" fill="#4d4d4d" />
          <circle cx="13" cy="5" r="1.6" fill="#4d4d4d" />
          <circle cx="5" cy="13" r="1.6" fill="#4d4d4d" />
        </>
      ) : null}
    </svg>
  );
}
