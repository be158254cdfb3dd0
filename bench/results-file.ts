import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const defaultIntro = `# Benchmarks

Run them with \`npm run bench\` (about six minutes, four of them for \`safe-places\`; nothing else should be running).

Each module has its own \`## <module-id>\` section, rewritten by its benchmark and leaving the others as they are.
A figure is only meaningful beside its baseline measured in the same run on the same machine (described in each
section): read the ratios, not the absolute numbers, which move with the machine and its load.
Speed is never asserted in a test.
`;

interface Section {
  id: string;
  text: string;
}

/** Splits a Markdown file into the text before the first \`## \` heading and its \`## \` sections. */
function splitSections(markdown: string): { intro: string; sections: Section[] } {
  const lines = markdown.split('\n');
  const intro: string[] = [];
  const sections: { id: string; lines: string[] }[] = [];
  let inFence = false;
  for (const line of lines) {
    if (/^(```|~~~)/.test(line)) inFence = !inFence;
    const heading = inFence ? null : /^## +(.+?)\s*$/.exec(line);
    if (heading) sections.push({ id: heading[1]!, lines: [line] });
    else if (sections.length) sections.at(-1)!.lines.push(line);
    else intro.push(line);
  }
  return { intro: intro.join('\n'), sections: sections.map((s) => ({ id: s.id, text: s.lines.join('\n') })) };
}

/** Replaces the section headed \`## <id>\` (or appends it), keeping the file's other sections. */
export function replaceSection(markdown: string, id: string, body: string): string {
  const { intro, sections } = splitSections(markdown);
  const text = `## ${id}\n\n${body.trim()}\n`;
  const index = sections.findIndex((section) => section.id === id);
  if (index === -1) sections.push({ id, text });
  else sections[index] = { id, text };
  const parts = [intro.trim() || defaultIntro.trim(), ...sections.map((section) => section.text.trim())];
  return `${parts.join('\n\n')}\n`;
}

export function writeSection(file: string, id: string, body: string): void {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  writeFileSync(file, replaceSection(current, id, body));
}

/**
 * A Markdown table laid out as the formatter (Biome) lays it out, so that a bench run leaves `npm run check` clean.
 * Columns whose header starts with '>' are right-aligned (the '>' is dropped): numbers.
 */
export function markdownTable(headers: string[], rows: string[][]): string {
  const width = (text: string) => [...text].length;
  const right = headers.map((header) => header.startsWith('>'));
  const titles = headers.map((header) => header.replace(/^>/, ''));
  const widths = titles.map((title, i) => Math.max(3, width(title), ...rows.map((row) => width(row[i] ?? ''))));
  const pad = (text: string, i: number) => {
    const fill = ' '.repeat(widths[i]! - width(text));
    return right[i] ? fill + text : text + fill;
  };
  const line = (cells: string[]) => `| ${cells.map(pad).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (right[i] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(titles.map((title) => title)), rule, ...rows.map((row) => line(titles.map((_, i) => row[i] ?? '')))].join('\n');
}
