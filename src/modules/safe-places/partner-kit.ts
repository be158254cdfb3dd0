import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/**
 * The partner kit of a safe place (« Où est Angela ? »): one PDF with the window sticker (A5),
 * the partner's charter (A4) and the staff procedure card (A4). Pure function of its input: the
 * route that serves it loads the place and the tenant's settings.
 */
export interface KitPlace {
  id: string;
  name: string;
  address: string;
}

export interface KitInput {
  schemeName: string;
  tenantName: string;
  place: KitPlace;
  /** The place's public page; the sticker's QR code encodes it. */
  placeUrl: string;
  lang: 'fr' | 'en';
  /** Local numbers the tenant adds to the national ones (a night mediation team, a local association…). */
  helpNumbers?: { number: string; label: string }[];
}

type Doc = PDFKit.PDFDocument;
type Lang = KitInput['lang'];

const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const A4 = { width: 595.28, height: 841.89 };
const A5 = { width: 419.53, height: 595.28 };
// Pure black on white: best contrast in print and behind a shop window; nothing relies on colour.
const INK = '#000000';

/** The QR code's dark modules for `url`, row by row (true = dark). Medium error correction survives a scratched sticker. */
export function qrModules(url: string): boolean[][] {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  return Array.from({ length: modules.size }, (_, row) =>
    Array.from({ length: modules.size }, (_, col) => Boolean(modules.get(row, col))),
  );
}

export async function partnerKitPdf(input: KitInput): Promise<Buffer> {
  const kit = sanitized(input);
  const t = texts[kit.lang];
  const doc = new PDFDocument({
    autoFirstPage: false,
    lang: kit.lang === 'fr' ? 'fr-FR' : 'en',
    displayTitle: true,
    info: {
      Title: `${kit.schemeName} — ${t.kitTitle} — ${kit.place.name}`,
      Author: kit.tenantName,
      Subject: t.kitSubject(kit.schemeName),
      Keywords: `${kit.schemeName}, ${t.keywords}`,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  addPage(doc, A5, 36, (flow, scale) => sticker(flow, scale, kit, t), { center: true });
  addPage(doc, A4, 56, (flow, scale) => charter(flow, scale, kit, t));
  addPage(doc, A4, 48, (flow, scale) => procedure(flow, scale, kit, t));
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

// --- Layout ------------------------------------------------------------------------------------

/**
 * A column of text laid out top to bottom. A dry run only measures, so that a page can shrink its
 * type until everything fits: a kit is always exactly three pages, whatever the place's name.
 */
class Flow {
  constructor(
    readonly doc: Doc,
    readonly x: number,
    readonly width: number,
    public y: number,
    readonly bottom: number,
    readonly dry: boolean,
  ) {}

  text(
    raw: string,
    o: { size: number; bold?: boolean; align?: 'left' | 'center'; indent?: number; after?: number; link?: string },
  ) {
    const s = keepTogether(raw);
    const x = this.x + (o.indent ?? 0);
    const width = this.width - (o.indent ?? 0);
    this.doc.font(o.bold ? BOLD : REGULAR).fontSize(o.size);
    const options = { width, align: o.align ?? 'left', lineGap: o.size * 0.15 };
    if (this.dry) this.y += this.doc.heightOfString(s, options);
    else {
      // A height bound keeps pdfkit from ever adding a page; the fitting makes it unreachable.
      this.doc.text(s, x, this.y, { ...options, height: Math.max(this.bottom - this.y, o.size), ellipsis: true, link: o.link });
      this.y = this.doc.y;
    }
    this.y += o.after ?? 0;
  }

  /** A hanging label (a step's number, a phone number) with its text beside it. */
  item(label: string, body: string, o: { size: number; labelWidth: number; after: number; labelSize?: number }) {
    const top = this.y;
    this.text(label, { size: o.labelSize ?? o.size, bold: true });
    const labelBottom = this.y;
    this.y = top;
    this.text(body, { size: o.size, indent: o.labelWidth });
    this.y = Math.max(this.y, labelBottom) + o.after;
  }

  rule(after: number) {
    if (!this.dry)
      this.doc
        .moveTo(this.x, this.y)
        .lineTo(this.x + this.width, this.y)
        .lineWidth(1)
        .stroke();
    this.y += after;
  }

  gap(height: number) {
    this.y += height;
  }
}

/** No line starts with « ? », « : » or « » » (French puts a space before them), nor ends with « «. */
function keepTogether(s: string): string {
  return s.replace(/ (?=[?!:;»])/g, '\u00a0').replace(/« /g, '«\u00a0');
}

const SCALES = [1, 0.94, 0.88, 0.82, 0.76, 0.7, 0.64, 0.58];

function addPage(
  doc: Doc,
  size: { width: number; height: number },
  margin: number,
  render: (flow: Flow, scale: number) => void,
  o: { center?: boolean } = {},
) {
  doc.addPage({ size: [size.width, size.height], margin });
  doc.fillColor(INK).strokeColor(INK);
  const width = size.width - 2 * margin;
  const bottom = size.height - margin;
  let chosen = SCALES[SCALES.length - 1]!;
  let used = 0;
  for (const scale of SCALES) {
    const dry = new Flow(doc, margin, width, margin, bottom, true);
    render(dry, scale);
    if (dry.y <= bottom) {
      chosen = scale;
      used = dry.y - margin;
      break;
    }
  }
  const top = o.center ? margin + Math.max(0, (bottom - margin - used) / 2) : margin;
  render(new Flow(doc, margin, width, top, bottom, false), chosen);
}

/** The largest size (up to `max`) at which `s` holds on one line, or at which its longest word does. */
function fittingSize(doc: Doc, s: string, width: number, max: number, min: number): number {
  doc.font(BOLD).fontSize(100);
  const whole = (width / doc.widthOfString(s)) * 100;
  if (whole >= min) return Math.min(max, whole);
  const longest = Math.max(...s.split(/\s+/).map((word) => doc.widthOfString(word)));
  return Math.max(12, Math.min(max, (width / longest) * 100));
}

function drawQr(flow: Flow, url: string, side: number) {
  const rows = qrModules(url);
  const module = side / rows.length;
  const x = flow.x + (flow.width - side) / 2;
  if (!flow.dry) {
    // One rectangle per run of dark modules: fewer seams between modules when printed.
    rows.forEach((row, r) => {
      let c = 0;
      while (c < row.length) {
        if (!row[c]) {
          c++;
          continue;
        }
        const start = c;
        while (c < row.length && row[c]) c++;
        flow.doc.rect(x + start * module, flow.y + r * module, (c - start) * module, module);
      }
    });
    flow.doc.fill(INK);
    flow.doc.link(x, flow.y, side, side, url);
  }
  flow.y += side;
}

// --- Pages -------------------------------------------------------------------------------------

function sticker(flow: Flow, scale: number, kit: KitInput, t: Texts) {
  const doc = flow.doc;
  if (!flow.dry) {
    doc
      .lineWidth(5)
      .rect(18, 18, A5.width - 36, A5.height - 36)
      .stroke();
  }
  const titleSize = fittingSize(doc, kit.schemeName, flow.width, 60 * scale, 34 * scale);
  flow.text(kit.schemeName, { size: titleSize, bold: true, align: 'center', after: 14 * scale });
  flow.text(t.stickerHelp, { size: 22 * scale, bold: true, align: 'center', after: 4 * scale });
  flow.text(t.stickerAsk, { size: 22 * scale, align: 'center', after: 16 * scale });
  flow.rule(14 * scale);
  flow.text(kit.place.name, { size: 17 * scale, bold: true, align: 'center', after: 14 * scale });
  drawQr(flow, kit.placeUrl, 170 * scale);
  flow.gap(8 * scale);
  flow.text(t.stickerScan, { size: 11 * scale, align: 'center', after: 3 * scale });
  doc.font(REGULAR).fontSize(100);
  const urlSize = Math.max(6, Math.min(10, (flow.width / doc.widthOfString(kit.placeUrl)) * 100 * 0.98));
  flow.text(kit.placeUrl, { size: urlSize, align: 'center', after: 12 * scale, link: kit.placeUrl });
  flow.text(t.stickerBy(kit.tenantName), { size: 10 * scale, align: 'center' });
}

function charter(flow: Flow, scale: number, kit: KitInput, t: Texts) {
  const size = 12.5 * scale;
  flow.text(t.charterTitle, { size: 24 * scale, bold: true, after: 4 * scale });
  flow.text(`${kit.schemeName} — ${kit.tenantName}`, { size: 14 * scale, after: 16 * scale });
  flow.text(`${t.place} ${kit.place.name}`, { size, bold: true, after: 2 * scale });
  flow.text(`${t.address} ${kit.place.address}`, { size, after: 14 * scale });
  flow.text(t.charterIntro(kit.schemeName, kit.tenantName), { size, after: 12 * scale });
  t.commitments.forEach((commitment, i) => {
    flow.item(`${i + 1}.`, commitment, { size, labelWidth: 24 * scale, after: 9 * scale });
  });
  flow.gap(20 * scale);
  flow.rule(16 * scale);
  flow.text(t.signedAt, { size, after: 22 * scale });
  flow.text(t.signatory, { size, after: 22 * scale });
  flow.text(t.signature, { size, after: 70 * scale });
  flow.text(t.charterCopy, { size: 10 * scale });
}

function procedure(flow: Flow, scale: number, kit: KitInput, t: Texts) {
  const size = 12 * scale;
  const heading = 15 * scale;
  flow.text(t.cardTitle, { size: 22 * scale, bold: true, after: 2 * scale });
  flow.text(`${kit.schemeName} — ${kit.place.name}`, { size: 12 * scale, after: 12 * scale });
  flow.text(t.cardWhen, { size, bold: true, after: 10 * scale });
  flow.text(t.doHeading, { size: heading, bold: true, after: 5 * scale });
  t.steps.forEach((step, i) => {
    flow.item(`${i + 1}.`, step, { size, labelWidth: 22 * scale, after: 4 * scale });
  });
  flow.gap(8 * scale);
  flow.text(t.dontHeading, { size: heading, bold: true, after: 5 * scale });
  for (const dont of t.donts) flow.item('•', dont, { size, labelWidth: 16 * scale, after: 3 * scale });
  flow.gap(8 * scale);
  flow.text(t.numbersHeading, { size: heading, bold: true, after: 5 * scale });
  const numbers = (list: [string, string][]) => {
    const labelSize = 14 * scale;
    flow.doc.font(BOLD).fontSize(labelSize);
    const widest = Math.max(...list.map(([number]) => flow.doc.widthOfString(number)));
    const labelWidth = Math.min(widest + 14 * scale, flow.width / 3);
    for (const [number, label] of list) flow.item(number, label, { size, labelSize, labelWidth, after: 4 * scale });
  };
  numbers(t.numbers);
  const local = kit.helpNumbers ?? [];
  if (local.length) {
    flow.gap(6 * scale);
    flow.text(t.localNumbers(kit.tenantName), { size, bold: true, after: 4 * scale });
    numbers(local.map(({ number, label }) => [number, label]));
  }
}

// --- Input hygiene -----------------------------------------------------------------------------

/** Caps on free text, so that a page always fits (the fitting shrinks type, never below legibility). */
const LIMITS = { name: 120, address: 200, schemeName: 60, tenantName: 120, number: 20, label: 120, helpNumbers: 8 };

function sanitized(input: KitInput): KitInput {
  return {
    ...input,
    schemeName: winAnsi(input.schemeName, LIMITS.schemeName),
    tenantName: winAnsi(input.tenantName, LIMITS.tenantName),
    place: {
      id: input.place.id,
      name: winAnsi(input.place.name, LIMITS.name),
      address: winAnsi(input.place.address, LIMITS.address),
    },
    helpNumbers: (input.helpNumbers ?? [])
      .slice(0, LIMITS.helpNumbers)
      .map((h) => ({ number: winAnsi(h.number, LIMITS.number), label: winAnsi(h.label, LIMITS.label) })),
  };
}

// pdfkit's built-in fonts encode text in WinAnsi (Windows-1252): any other character prints as a
// wrong glyph (U+202F, the narrow space French typography puts before « ? », came out as « / »).
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const SPACES = /[\u2000-\u200a\u202f\u205f]/g;
const HYPHENS = /[\u2010\u2011\u2212]/g;
// Latin letters that Unicode does not decompose into a base letter and an accent.
const UNDECOMPOSED: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i' };

/** Text that the built-in fonts print faithfully: lookalikes for spaces and hyphens, accents dropped as a last resort. */
export function winAnsi(text: string, max = Number.POSITIVE_INFINITY): string {
  const mapped = text
    .normalize('NFC')
    .replace(SPACES, '\u00a0')
    .replace(HYPHENS, '-')
    .replace(/\s+/g, (s) => (s.includes('\u00a0') ? '\u00a0' : ' '))
    .trim();
  let out = '';
  for (const ch of mapped) {
    const code = ch.codePointAt(0)!;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else {
      const base = UNDECOMPOSED[ch] ?? ch.normalize('NFD').replace(/\p{M}/gu, '');
      out += [...base].every((b) => (b.codePointAt(0) ?? 0) < 0x7f) && base ? base : '?';
    }
  }
  return [...out].length > max ? `${[...out].slice(0, max - 1).join('')}…` : out;
}

// --- Texts -------------------------------------------------------------------------------------

interface Texts {
  kitTitle: string;
  kitSubject: (scheme: string) => string;
  keywords: string;
  stickerHelp: string;
  stickerAsk: string;
  stickerScan: string;
  stickerBy: (tenant: string) => string;
  charterTitle: string;
  place: string;
  address: string;
  charterIntro: (scheme: string, tenant: string) => string;
  commitments: string[];
  signedAt: string;
  signatory: string;
  signature: string;
  charterCopy: string;
  cardTitle: string;
  cardWhen: string;
  doHeading: string;
  steps: string[];
  dontHeading: string;
  donts: string[];
  numbersHeading: string;
  numbers: [string, string][];
  localNumbers: (tenant: string) => string;
}

const BLANK = '_'.repeat(34);

const texts: Record<Lang, Texts> = {
  fr: {
    kitTitle: 'kit du lieu partenaire',
    kitSubject: (scheme) => `Autocollant, charte et fiche réflexe du dispositif ${scheme}`,
    keywords: 'lieu sûr, harcèlement, lieu partenaire',
    stickerHelp: 'Ici, on vous aide.',
    stickerAsk: 'Demandez Angela.',
    stickerScan: 'Horaires de ce lieu et autres lieux sûrs :',
    stickerBy: (tenant) => `${tenant} — réseau des lieux sûrs`,
    charterTitle: 'Charte du lieu partenaire',
    place: 'Lieu :',
    address: 'Adresse :',
    charterIntro: (scheme, tenant) => `En rejoignant le réseau « ${scheme} » (${tenant}), notre lieu s’engage à :`,
    commitments: [
      'Accueillir toute personne qui demande Angela ou qui demande de l’aide, sans juger et sans lui poser de questions.',
      'La mettre à l’abri : la laisser s’asseoir au calme, le temps qu’il faut, lui donner de l’eau et lui permettre de recharger son téléphone.',
      'Appeler pour elle qui elle veut : un taxi, un proche, une association, ou la police (17 ou 112). C’est elle qui décide : ne jamais l’y forcer.',
      'Ne jamais transmettre quoi que ce soit à son sujet : ni son nom, ni son apparence, ni ce qu’elle a dit.',
      'Informer chaque membre de l’équipe de ces engagements, y compris les nouveaux arrivants, les saisonniers et les extras.',
      'Tenir à jour les horaires d’ouverture du lieu sur la plateforme, et y noter chaque demande d’aide sans aucune information sur la personne.',
      'Afficher l’autocollant du dispositif de façon visible depuis la rue.',
    ],
    signedAt: `Fait à : ${BLANK}   le : ____ / ____ / ________`,
    signatory: `Nom et fonction du ou de la responsable du lieu : ${BLANK}`,
    signature: 'Signature :',
    charterCopy: 'Un exemplaire reste au lieu, un autre est remis au coordinateur ou à la coordinatrice du dispositif.',
    cardTitle: 'Fiche réflexe pour l’équipe',
    cardWhen: 'Quelqu’un demande Angela, ou vous demande de l’aide : cette personne se sent en danger. Croyez-la.',
    doHeading: 'Que faire',
    steps: [
      'Restez calme et accueillez-la : « Vous êtes au bon endroit, on va vous aider. »',
      'Emmenez-la à l’écart, dans un endroit calme qu’on ne voit pas depuis la rue.',
      'Proposez-lui de s’asseoir, un verre d’eau, une prise pour recharger son téléphone.',
      'Demandez-lui seulement de quoi elle a besoin, et qui elle veut que vous appeliez.',
      'Appelez qui elle veut : un taxi, un proche, une association, la police. C’est elle qui décide.',
      'Si quelqu’un est blessé ou en danger immédiat : appelez le 17 ou le 112, et dites-le-lui.',
      'Restez avec elle jusqu’à ce qu’elle reparte en sécurité.',
      'Ensuite, notez la demande d’aide sur la plateforme : la date et l’heure, rien sur la personne.',
    ],
    dontHeading: 'Ce qu’on ne fait pas',
    donts: [
      'Ne pas demander ce qui s’est passé, ni qui l’a importunée.',
      'Ne pas juger : ni sa tenue, ni l’heure, ni ce qu’elle a bu, ni avec qui elle était.',
      'Ne pas demander son nom ni ses papiers.',
      'Ne pas prendre de photo ni de vidéo, ne rien publier.',
      'Ne pas la forcer à appeler la police ni à porter plainte.',
      'Ne pas aller confronter vous-même la personne qui l’importune.',
    ],
    numbersHeading: 'Numéros à appeler',
    numbers: [
      ['17', 'Police secours'],
      ['112', 'Numéro d’urgence européen (depuis tout téléphone)'],
      ['15', 'SAMU : urgence médicale'],
      ['18', 'Pompiers'],
      ['114', 'Urgence par SMS, pour qui ne peut pas parler ou entendre'],
      ['119', 'Enfance en danger'],
      ['3919', 'Violences Femmes Info : écoute gratuite et anonyme, 24 h/24. Ce n’est pas un numéro d’urgence.'],
    ],
    localNumbers: (tenant) => `Numéros locaux (${tenant})`,
  },
  en: {
    kitTitle: 'partner place kit',
    kitSubject: (scheme) => `Sticker, charter and staff procedure card of the ${scheme} scheme`,
    keywords: 'safe place, harassment, partner place',
    stickerHelp: 'Here, we help you.',
    stickerAsk: 'Ask for Angela.',
    stickerScan: 'Opening hours of this place and other safe places:',
    stickerBy: (tenant) => `${tenant} — safe places network`,
    charterTitle: 'Partner place charter',
    place: 'Place:',
    address: 'Address:',
    charterIntro: (scheme, tenant) => `By joining the “${scheme}” network (${tenant}), our place commits to:`,
    commitments: [
      'Welcome anyone who asks for Angela or asks for help, without judging and without questioning them.',
      'Shelter them: let them sit somewhere quiet for as long as they need, give them water and let them charge their phone.',
      'Call whoever they want for them: a taxi, someone close, an association, or the police (17 or 112). They decide: never force them to.',
      'Never pass on anything about them: not their name, not their appearance, not what they said.',
      'Brief every member of staff on these commitments, including new, seasonal and temporary staff.',
      'Keep the place’s opening hours up to date on the platform, and record each help request there without any information about the person.',
      'Display the scheme’s sticker where it can be seen from the street.',
    ],
    signedAt: `Signed at: ${BLANK}   on: ____ / ____ / ________`,
    signatory: `Name and role of the person in charge of the place: ${BLANK}`,
    signature: 'Signature:',
    charterCopy: 'One copy stays at the place, another goes to the scheme’s coordinator.',
    cardTitle: 'Staff procedure card',
    cardWhen: 'Someone asks for Angela, or asks you for help: this person feels in danger. Believe them.',
    doHeading: 'What to do',
    steps: [
      'Stay calm and welcome them: “You are in the right place, we will help you.”',
      'Take them aside, somewhere quiet that cannot be seen from the street.',
      'Offer them a seat, a glass of water, a socket to charge their phone.',
      'Only ask what they need, and whom they would like you to call.',
      'Call whoever they want: a taxi, someone close, an association, the police. They decide.',
      'If someone is hurt or in immediate danger: call 17 or 112, and tell them you are doing so.',
      'Stay with them until they leave safely.',
      'Afterwards, record the help request on the platform: date and time, nothing about the person.',
    ],
    dontHeading: 'What we do not do',
    donts: [
      'Do not ask what happened, nor who bothered them.',
      'Do not judge: not their clothes, the time, what they drank, nor whom they were with.',
      'Do not ask for their name or identity papers.',
      'Do not take photos or videos, do not post anything.',
      'Do not force them to call the police or to file a complaint.',
      'Do not confront the person who is bothering them yourself.',
    ],
    numbersHeading: 'Numbers to call',
    numbers: [
      ['17', 'Police'],
      ['112', 'European emergency number (from any phone)'],
      ['15', 'SAMU: medical emergency'],
      ['18', 'Fire and rescue (pompiers)'],
      ['114', 'Emergency by text message (SMS), for those who cannot speak or hear'],
      ['119', 'Children in danger (Enfance en danger)'],
      ['3919', 'Violences Femmes Info: listening line (écoute), free and anonymous, 24/7. Not an emergency number.'],
    ],
    localNumbers: (tenant) => `Local numbers (${tenant})`,
  },
};
