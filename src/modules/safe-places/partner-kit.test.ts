import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KitInput, partnerKitPdf, qrModules, winAnsi } from './partner-kit.js';

const placeUrl = 'https://quietude.besancon.fr/t/besancon/angela/lieux/3f2a9c1e-7b4d-4e8a-9f0b-2c6d1e5a8b7c';
const sample: KitInput = {
  schemeName: 'Où est Angela ?',
  tenantName: 'Ville de Besançon',
  place: { id: '3f2a9c1e-7b4d-4e8a-9f0b-2c6d1e5a8b7c', name: 'Café du Commerce', address: '12 rue des Granges, 25000 Besançon' },
  placeUrl,
  lang: 'fr',
  helpNumbers: [{ number: '03 81 00 00 00', label: 'Médiation de nuit (21 h – 3 h)' }],
};

// --- pdftotext / pdfinfo (Debian poppler-utils) ---------------------------------------------------
// POPPLER_DIR points at another folder of binaries (a missing one shows the skip and fail paths).
const poppler = (tool: string) => (process.env.POPPLER_DIR ? join(process.env.POPPLER_DIR, tool) : tool);
const popplerPresent = spawnSync(poppler('pdftotext'), ['-v']).error === undefined;
const popplerRequired = process.env.REQUIRE_BROWSER === '1' || process.env.REQUIRE_POPPLER === '1';
const skipWithoutPoppler = (() => {
  if (popplerPresent || popplerRequired) return false;
  console.warn(
    'Partner kit PDF text: skipped, no pdftotext (apt-get install -y poppler-utils; REQUIRE_BROWSER=1 turns this into a failure).',
  );
  return true;
})();

function runPoppler(tool: string, args: string[]): string {
  const result = spawnSync(poppler(tool), args, { encoding: 'utf8' });
  if (result.error) {
    throw new Error(
      `${tool} is required here (REQUIRE_BROWSER=1 or REQUIRE_POPPLER=1) but could not run: ${result.error.message}. ` +
        'Install it with `apt-get install -y poppler-utils`.',
    );
  }
  if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr}`);
  return result.stdout;
}

/** Collapses every run of spaces (no-break ones too) and line ends, so that wrapped sentences read whole. */
const flat = (text: string) => text.replace(/[\s\u00a0]+/g, ' ');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'quietude-partner-kit-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function kitFile(input: KitInput, name: string): Promise<string> {
  const file = join(dir, name);
  writeFileSync(file, await partnerKitPdf(input));
  return file;
}

describe('partner kit PDF, read back with pdftotext', () => {
  it.skipIf(skipWithoutPoppler)('has the sticker, the charter and the procedure card, one page each, in French', async () => {
    const file = await kitFile(sample, 'kit-fr.pdf');
    const text = runPoppler('pdftotext', ['-layout', file, '-']);
    const pages = text.split('\f').slice(0, -1);
    expect(pages).toHaveLength(3);
    const [sticker, charter, card] = pages.map((page) => flat(page!));

    expect(sticker).toContain('Où est Angela ?');
    expect(sticker).toContain('Ici, on vous aide. Demandez Angela.');
    expect(sticker).toContain('Café du Commerce');
    expect(sticker).toContain(placeUrl);

    expect(charter).toContain('Charte du lieu partenaire');
    expect(charter).toContain('Café du Commerce');
    for (const commitment of [
      'sans juger et sans lui poser de questions',
      'lui donner de l’eau et lui permettre de recharger son téléphone',
      'un taxi, un proche, une association, ou la police (17 ou 112)',
      'ne jamais l’y forcer',
      'Ne jamais transmettre quoi que ce soit à son sujet',
      'y compris les nouveaux arrivants, les saisonniers',
      'Tenir à jour les horaires d’ouverture',
      'sans aucune information sur la personne',
      'Afficher l’autocollant',
      'Signature :',
    ]) {
      expect(charter).toContain(commitment);
    }

    expect(card).toContain('Fiche réflexe pour l’équipe');
    expect(card).toContain('Ne pas demander ce qui s’est passé');
    expect(card).toContain('Ne pas prendre de photo');
    // Each number starts its own line of the list, with its label beside it.
    const lines = pages[2]!;
    expect(lines).toMatch(/^\s*17\s+Police secours/m);
    expect(lines).toMatch(/^\s*112\s+Numéro d’urgence européen/m);
    expect(lines).toMatch(/^\s*15\s+SAMU/m);
    expect(lines).toMatch(/^\s*18\s+Pompiers/m);
    expect(lines).toMatch(/^\s*114\s+Urgence par SMS/m);
    expect(lines).toMatch(/^\s*119\s+Enfance en danger/m);
    expect(lines).toMatch(/^\s*3919\s+Violences Femmes Info : écoute/m);
    expect(card).toContain('Ce n’est pas un numéro d’urgence');
    expect(lines).toMatch(/^\s*03 81 00 00 00\s+Médiation de nuit \(21 h – 3 h\)/m);
  });

  it.skipIf(skipWithoutPoppler)('carries its title and language, an A5 sticker and A4 sheets', async () => {
    const file = await kitFile(sample, 'kit-info.pdf');
    const info = runPoppler('pdfinfo', ['-f', '1', '-l', '3', file]);
    expect(info).toMatch(/^Title:\s+Où est Angela \? — kit du lieu partenaire — Café du Commerce$/m);
    expect(info).toMatch(/^Author:\s+Ville de Besançon$/m);
    expect(info).toMatch(/^Pages:\s+3$/m);
    expect(info).toMatch(/^Page\s+1 size:\s+419\.53 x 595\.28 pts/m);
    expect(info).toMatch(/^Page\s+2 size:\s+595\.28 x 841\.89 pts/m);
    expect(info).toMatch(/^Page\s+3 size:\s+595\.28 x 841\.89 pts/m);
  });

  it.skipIf(skipWithoutPoppler)('speaks English when asked, without the local numbers when there are none', async () => {
    const file = await kitFile({ ...sample, lang: 'en', helpNumbers: undefined }, 'kit-en.pdf');
    const text = runPoppler('pdftotext', ['-layout', file, '-']);
    expect(text.split('\f').slice(0, -1)).toHaveLength(3);
    const all = flat(text);
    expect(all).toContain('Here, we help you. Ask for Angela.');
    expect(all).toContain('without judging and without questioning them');
    expect(all).toContain('Staff procedure card');
    expect(text).toMatch(/^\s*3919\s+Violences Femmes Info: listening line/m);
    expect(all).toContain(placeUrl);
    expect(all).not.toContain('Local numbers');
    expect(all).not.toContain('Demandez Angela');
  });

  it.skipIf(skipWithoutPoppler)('prints French typography and odd characters faithfully, and stays on three pages', async () => {
    const crowded: KitInput = {
      ...sample,
      schemeName: 'Où est Angela\u202f?',
      place: { id: 'x', name: `Brasserie « L’Œil de Bœuf » ${'très '.repeat(60)}`, address: 'Place Żwirki 3 ☕' },
      helpNumbers: Array.from({ length: 12 }, (_, i) => ({ number: `06 00 00 00 0${i}`, label: 'Association '.repeat(20) })),
    };
    const file = await kitFile(crowded, 'kit-crowded.pdf');
    const text = runPoppler('pdftotext', ['-layout', file, '-']);
    expect(text.split('\f').slice(0, -1)).toHaveLength(3);
    const all = flat(text);
    expect(all).toContain('Où est Angela ?');
    expect(all).toContain('Brasserie « L’Œil de Bœuf » très');
    expect(all).toContain('Place Zwirki 3 ?');
    expect(all).toContain('06 00 00 00 07');
    expect(all).not.toContain('06 00 00 00 08');
  });
});

describe('partner kit PDF, as bytes', () => {
  it('is a PDF of three pages whose catalog names its language', async () => {
    const pdf = await partnerKitPdf(sample);
    const raw = pdf.toString('latin1');
    expect(raw.startsWith('%PDF-')).toBe(true);
    expect(raw).toContain('/Lang (fr-FR)');
    expect(raw.match(/\/Type \/Page\b/g)).toHaveLength(3);
    const english = (await partnerKitPdf({ ...sample, lang: 'en' })).toString('latin1');
    expect(english).toContain('/Lang (en)');
  });
});

describe('QR code of the sticker', () => {
  it('encodes the exact URL as a square matrix with the three finder patterns', () => {
    const rows = qrModules(placeUrl);
    const size = rows.length;
    expect(rows.every((row) => row.length === size)).toBe(true);
    expect((size - 17) % 4).toBe(0);
    // A finder pattern: a dark 7×7 ring, a light ring, a dark 3×3 core.
    const finderAt = (top: number, left: number) =>
      [0, 1, 2, 3, 4, 5, 6].every((r) =>
        [0, 1, 2, 3, 4, 5, 6].every((c) => {
          const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
          return rows[top + r]![left + c] === (ring !== 2);
        }),
      );
    expect(finderAt(0, 0)).toBe(true);
    expect(finderAt(0, size - 7)).toBe(true);
    expect(finderAt(size - 7, 0)).toBe(true);
    expect(finderAt(size - 7, size - 7)).toBe(false);
    expect(qrModules(placeUrl)).toEqual(rows);
    expect(qrModules(`${placeUrl}x`)).not.toEqual(rows);
  });
});

describe('text for the built-in fonts', () => {
  it('keeps French, maps lookalike spaces and hyphens, drops accents it cannot print, and caps the length', () => {
    expect(winAnsi('Où à é ç ’ « Œ » — …')).toBe('Où à é ç ’ « Œ » — …');
    expect(winAnsi('Angela\u202f?')).toBe('Angela\u00a0?');
    expect(winAnsi('Saint\u2011Étienne')).toBe('Saint-Étienne');
    expect(winAnsi('Łódź ☕')).toBe('Lódz ?');
    expect(winAnsi('  a \n b  ')).toBe('a b');
    expect(winAnsi('abcdef', 4)).toBe('abc…');
  });
});
