import type { MultiPolygon } from 'geojson';
import PDFDocument from 'pdfkit';
import type { RouteGeometry } from './route-geometry.js';

/**
 * The driver sheet of one line and direction (A4, printable in black and white): the line drawn with the
 * parts where riders may ask to get off, the forbidden zones, the stops numbered, then the same in words —
 * sections, days and hours, zones — and when to refuse. Drivers have no screen for this (code de la route
 * R412-6-2): the operator prints it. Pure function of its input.
 */
export interface SheetSection {
  from: string;
  to: string;
  days: string;
  hours: string;
  /** Metres along the line. */
  fromAlong: number;
  toAlong: number;
}

export interface SheetInput {
  lang: 'fr' | 'en';
  authority: string;
  line: string;
  direction: string;
  geometry: RouteGeometry;
  sections: SheetSection[];
  zones: { name: string; reason: string; geometry: MultiPolygon }[];
  minDistanceM: number;
  instructions: string;
  /** Local "YYYY-MM-DD" the sheet was printed (rules change: a sheet says its date). */
  printedOn: string;
}

const texts = {
  fr: {
    title: (line: string, direction: string) => `Descente à la demande — ligne ${line}, direction ${direction}`,
    subtitle: (authority: string, date: string) => `Règles de ${authority}, fiche imprimée le ${date}`,
    map: 'Plan : trait épais = descente possible entre deux arrêts ; zones hachurées = arrêt interdit ; cercles = arrêts numérotés.',
    sections: 'Où et quand',
    none: 'Aucune partie de cette ligne n’est ouverte à la descente entre deux arrêts.',
    zones: 'Ne jamais s’arrêter',
    noZone: 'Aucune zone interdite n’est déclarée sur le réseau.',
    distance: (m: number) => `Pas à moins de ${m} m d’un arrêt officiel : le voyageur descend à l’arrêt.`,
    refuse: 'Refusez l’arrêt si l’endroit n’est pas sûr',
    reasons: [
      'pas d’éclairage public ou pas de trottoir ;',
      'giratoire, sortie de virage, voies du tram, places de stationnement ;',
      'circulation ou visibilité dangereuses à ce moment-là.',
    ],
    rule: 'Vous restez seul juge : l’arrêt se fait sur l’itinéraire de la ligne, quand la sécurité le permet (code des transports, R3111-1). Proposez alors l’endroit sûr le plus proche.',
    riders: 'Ce que les voyageurs ont lu',
    stops: 'Arrêts',
  },
  en: {
    title: (line: string, direction: string) => `Getting off between stops — line ${line}, towards ${direction}`,
    subtitle: (authority: string, date: string) => `Rules of ${authority}, sheet printed on ${date}`,
    map: 'Map: thick line = riders may get off between stops; hatched areas = no stopping; circles = numbered stops.',
    sections: 'Where and when',
    none: 'No part of this line is open to getting off between stops.',
    zones: 'Never stop',
    noZone: 'No forbidden zone is declared on the network.',
    distance: (m: number) => `Not within ${m} m of an official stop: the rider gets off at the stop.`,
    refuse: 'Refuse the stop if the place is not safe',
    reasons: [
      'no street lighting or no pavement;',
      'roundabout, exit of a bend, tram tracks, parking bays;',
      'dangerous traffic or visibility at that moment.',
    ],
    rule: 'You alone decide: the stop is made on the line’s route, when it is safe (code des transports, R3111-1). Then offer the nearest safe place.',
    riders: 'What riders have read',
    stops: 'Stops',
  },
};

const MARGIN = 48;
const MAP = { width: 595.28 - 2 * MARGIN, height: 300 };

export async function driverSheetPdf(input: SheetInput): Promise<Buffer> {
  const t = texts[input.lang];
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    lang: input.lang === 'fr' ? 'fr-FR' : 'en',
    displayTitle: true,
    info: { Title: t.title(input.line, input.direction), Author: input.authority },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(16).text(t.title(input.line, input.direction));
  doc.font('Helvetica').fontSize(10).text(t.subtitle(input.authority, input.printedOn)).moveDown(0.5);
  drawMap(doc, input, doc.y);
  doc.y += MAP.height + 6;
  doc.x = MARGIN;
  doc.fontSize(8).text(t.map).moveDown(0.8);

  const heading = (text: string) =>
    doc.font('Helvetica-Bold').fontSize(12).text(text).font('Helvetica').fontSize(10).moveDown(0.2);
  heading(t.sections);
  if (input.sections.length === 0) doc.text(t.none);
  // Helvetica's encoding has no arrow: an en dash joins the two stops.
  for (const s of input.sections) doc.text(`• ${s.from} – ${s.to} : ${s.days}, ${s.hours}`);
  doc.text(t.distance(input.minDistanceM)).moveDown(0.6);
  heading(t.zones);
  if (input.zones.length === 0) doc.text(t.noZone);
  for (const z of input.zones) doc.text(`• ${z.name} (${z.reason})`);
  doc.moveDown(0.6);
  heading(t.refuse);
  for (const r of t.reasons) doc.text(`• ${r}`);
  doc.moveDown(0.3).font('Helvetica-Bold').text(t.rule).font('Helvetica').moveDown(0.6);
  heading(t.riders);
  doc.text(input.instructions).moveDown(0.6);
  heading(t.stops);
  doc.fontSize(9).text(input.geometry.stops.map((s) => `${s.index + 1}. ${s.name}`).join(' · '));
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

/** The line, its open parts, the zones and the stops, scaled into the map's box (north up, metres kept square). */
function drawMap(doc: PDFKit.PDFDocument, input: SheetInput, top: number) {
  const { geometry } = input;
  const samples = 400;
  const line = Array.from({ length: samples + 1 }, (_, i) => geometry.pointAt((i * geometry.length) / samples));
  const lats = line.map((p) => p.lat);
  const lons = line.map((p) => p.lon);
  const [minLat, maxLat, minLon, maxLon] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const scale = Math.min(
    (MAP.width - 40) / Math.max(1e-9, (maxLon - minLon) * kx),
    (MAP.height - 40) / Math.max(1e-9, maxLat - minLat),
  );
  const x = (lon: number) => MARGIN + 20 + (lon - minLon) * kx * scale;
  const y = (lat: number) => top + 20 + (maxLat - lat) * scale;
  const path = (points: { lat: number; lon: number }[]) => {
    for (const [i, p] of points.entries()) {
      if (i === 0) doc.moveTo(x(p.lon), y(p.lat));
      else doc.lineTo(x(p.lon), y(p.lat));
    }
  };
  doc.save().rect(MARGIN, top, MAP.width, MAP.height).lineWidth(0.5).stroke('#000000');
  for (const zone of input.zones)
    for (const polygon of zone.geometry.coordinates) {
      const ring = polygon[0] ?? [];
      path(ring.map(([lon, lat]) => ({ lat: lat!, lon: lon! })));
      doc.closePath().lineWidth(1).fillOpacity(0.25).fillAndStroke('#000000', '#000000').fillOpacity(1);
    }
  const stroke = (points: { lat: number; lon: number }[], width: number, dash?: number) => {
    path(points);
    if (dash) doc.dash(dash, { space: dash });
    doc.lineWidth(width).stroke('#000000');
    doc.undash();
  };
  stroke(line, 1.5, 3);
  for (const s of input.sections) {
    const n = 100;
    stroke(
      Array.from({ length: n + 1 }, (_, i) => geometry.pointAt(s.fromAlong + ((s.toAlong - s.fromAlong) * i) / n)),
      5,
    );
  }
  doc.fontSize(7);
  for (const stop of geometry.stops) {
    doc.circle(x(stop.lon), y(stop.lat), 4).lineWidth(1).fillAndStroke('#ffffff', '#000000');
    doc.fillColor('#000000').text(String(stop.index + 1), x(stop.lon) + 5, y(stop.lat) - 9, { lineBreak: false });
  }
  doc.restore();
}
