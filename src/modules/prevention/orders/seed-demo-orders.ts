import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';
import { demoOrderPdf } from './demo-order-pdf.js';
import type { OrderValues } from './order-input.js';
import { localMoment } from './order-time.js';
import { orderColumns, storePdf } from './order-writes.js';

const FICTION = 'Texte de démonstration, fictif : il ne reproduit aucun arrêté réel. Seul le texte publié fait foi.';

/** A rectangle around a centre, in metres (the demo perimeters are drawn, not copied from a real order). */
function box(lon: number, lat: number, halfWidthM: number, halfHeightM: number) {
  const dLat = halfHeightM / 111_320;
  const dLon = halfWidthM / (111_320 * Math.cos((lat * Math.PI) / 180));
  return {
    type: 'Polygon' as const,
    coordinates: [
      [
        [lon - dLon, lat - dLat],
        [lon + dLon, lat - dLat],
        [lon + dLon, lat + dLat],
        [lon - dLon, lat + dLat],
        [lon - dLon, lat - dLat],
      ],
    ],
  };
}

const every = [true, true, true, true, true, true, true];

/** The demo orders of a tenant (published on their date), by slug. */
function demoOrders(slug: string): (OrderValues & { publishedOn: string })[] {
  if (slug === 'vandoeuvre-les-nancy')
    return [
      {
        number: '2025-DEMO-117',
        title: 'Interdiction de la détention et de l’usage de protoxyde d’azote dans le secteur Nations – Vélodrome (démo)',
        author: 'mayor',
        subject: 'nitrous_oxide',
        prohibitions: ['possession', 'use', 'abandonment'],
        summaryFr:
          'Arrêté municipal fictif (démo) : dans le périmètre dessiné autour du secteur Nations – Vélodrome, la détention et l’usage de protoxyde d’azote à des fins récréatives, ainsi que l’abandon de cartouches et bonbonnes sur la voie publique, sont interdits à toute heure.',
        summaryEn:
          'Fictional municipal order (demo): within the drawn perimeter around the Nations – Vélodrome area, possessing and using nitrous oxide for recreation, and leaving cartridges or bottles in public space, are prohibited at any hour.',
        signedOn: '2025-10-06',
        sentToPrefectOn: '2025-10-07',
        publishedOn: '2025-10-08',
        validFrom: '2025-10-08',
        validUntil: '2027-10-07',
        hoursStart: null,
        hoursEnd: null,
        days: every,
        perimeter: box(6.1711, 48.6567, 700, 500),
      },
      {
        number: 'PREF-54-2025-DEMO-1',
        title: 'Arrêté préfectoral interdisant la détention et l’usage de protoxyde d’azote de 18 h à 8 h (démo)',
        author: 'prefect',
        subject: 'nitrous_oxide',
        prohibitions: ['possession', 'use'],
        summaryFr:
          'Résumé de démonstration de l’arrêté du préfet de Meurthe-et-Moselle : la détention et l’usage de protoxyde d’azote sont interdits sur la commune de 18 h à 8 h, jusqu’au 15 mai 2026. Ce résumé n’est pas le texte officiel.',
        summaryEn:
          'Demo summary of the Meurthe-et-Moselle prefect’s order: possessing and using nitrous oxide is prohibited in the commune from 18:00 to 08:00, until 15 May 2026. This summary is not the official text.',
        signedOn: '2025-11-14',
        sentToPrefectOn: null,
        publishedOn: '2025-11-15',
        validFrom: '2025-11-15',
        validUntil: '2026-05-15',
        hoursStart: 18 * 60,
        hoursEnd: 8 * 60,
        days: every,
        perimeter: null,
      },
    ];
  if (slug === 'strasbourg')
    return [
      {
        number: '2026-DEMO-042',
        title: 'Interdiction de la consommation d’alcool sur la voie publique autour de la place Kléber, la nuit (démo)',
        author: 'mayor',
        subject: 'alcohol',
        prohibitions: ['use'],
        summaryFr:
          'Arrêté municipal fictif (démo) : dans le périmètre dessiné autour de la place Kléber, la consommation de boissons alcoolisées sur la voie publique est interdite de 21 h à 7 h, les nuits de jeudi à samedi.',
        summaryEn:
          'Fictional municipal order (demo): within the drawn perimeter around place Kléber, drinking alcohol in public space is prohibited from 21:00 to 07:00 on the nights from Thursday to Saturday.',
        signedOn: '2026-03-02',
        sentToPrefectOn: '2026-03-03',
        publishedOn: '2026-03-05',
        validFrom: '2026-03-05',
        validUntil: null,
        hoursStart: 21 * 60,
        hoursEnd: 7 * 60,
        days: [false, false, false, true, true, true, false],
        perimeter: box(7.7458, 48.5833, 350, 250),
      },
    ];
  return [];
}

/** A few services that pick up cartridges, and a deterministic generator (mulberry32): the same demo every time. */
const services = ['Propreté urbaine', 'Police municipale', 'Médiateurs'];
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The demo orders (published, with a fictional PDF) and, for Vandœuvre-lès-Nancy, collections over the
 * last eight months. Called once, in the transaction that creates the demo tenant. Returns how many rows.
 */
export async function seedDemoOrders(tx: Tx, tenantId: string, slug: string, now: Date, zone: string): Promise<number> {
  let written = 0;
  for (const order of demoOrders(slug)) {
    const row = await tx
      .insertInto('prevention_orders')
      .values({
        tenant_id: tenantId,
        ...orderColumns(order),
        published_on: order.publishedOn,
        is_demo: true,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const pdf = await demoOrderPdf(`Arrêté n° ${order.number} (démo)`, [order.title, order.summaryFr, FICTION]);
    await storePdf(tx, tenantId, row.id, pdf, now);
    written++;
  }
  if (slug !== 'vandoeuvre-les-nancy') return written;
  const commune = await tx
    .selectFrom('territories')
    .select('id')
    .where(sql<boolean>`tenant_id = quietude_tenant()`)
    .where('kind', '=', 'commune')
    .executeTakeFirst();
  const next = random(54547);
  const today = Date.parse(`${localMoment(now, zone).date}T12:00:00Z`);
  for (let week = 34; week >= 0; week--) {
    const day = new Date(today - (week * 7 + Math.floor(next() * 3)) * 86_400_000).toISOString().slice(0, 10);
    const inPerimeter = next() < 0.6;
    await tx
      .insertInto('prevention_collections')
      .values({
        tenant_id: tenantId,
        collected_on: day,
        territory_id: inPerimeter ? null : (commune?.id ?? null),
        geom:
          inPerimeter || !commune
            ? sql`ST_SetSRID(ST_MakePoint(${6.1711 + (next() - 0.5) * 0.01}, ${48.6567 + (next() - 0.5) * 0.006}), 4326)`
            : null,
        cartridges: 10 + Math.floor(next() * 60),
        weight_kg: next() < 0.4 ? Math.round(next() * 80) / 10 : null,
        service: services[Math.floor(next() * services.length)] as string,
        is_demo: true,
        created_at: now,
      })
      .execute();
    written++;
  }
  return written;
}
