import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benchInstances } from './instances.js';
import { benchMediation } from './mediation.js';
import { benchNightStops } from './night-stops.js';
import { benchObservatory } from './observatory.js';
import { benchObservatoryDashboard } from './observatory-dashboard.js';
import { benchPlatform } from './platform.js';
import { benchPolice } from './police.js';
import { benchPrevention } from './prevention.js';
import { benchReports } from './reports.js';
import { writeSection } from './results-file.js';
import { benchSafePlaces } from './safe-places.js';

/**
 * `npm run bench [-- <module-id>…]`: runs each module's benchmark in turn (never two at
 * once) and rewrites its `## <module-id>` section of bench/RESULTS.md.
 */
const benches: { id: string; run: (log: (line: string) => void) => Promise<string> }[] = [
  { id: 'platform', run: benchPlatform },
  { id: 'safe-places', run: benchSafePlaces },
  { id: 'reports', run: benchReports },
  { id: 'night-stops', run: benchNightStops },
  { id: 'mediation', run: benchMediation },
  { id: 'prevention', run: benchPrevention },
  { id: 'police', run: benchPolice },
  {
    id: 'observatory',
    // Two parts under one heading: the SSMSI import, then the staff dashboard over a large edition.
    // `BENCH_OBSERVATORY=dashboard` (or `import`) runs one of them only, keeping the other's text from RESULTS.md.
    run: async (log) => {
      const only = process.env.BENCH_OBSERVATORY;
      const previous = observatoryParts(readFileSync(resultsFile, 'utf8'));
      const imports = only === 'dashboard' ? previous.imports : await benchObservatory(log);
      const dashboard = only === 'import' ? previous.dashboard : await benchObservatoryDashboard(log);
      return `${imports.trim()}\n\n${dashboard.trim()}`;
    },
  },
  { id: 'instances', run: benchInstances },
];

const resultsFile = fileURLToPath(new URL('./RESULTS.md', import.meta.url));

/** The two parts of the current `## observatory` section: the import's text, and the dashboard's from its `###` heading. */
function observatoryParts(markdown: string): { imports: string; dashboard: string } {
  const start = markdown.indexOf('\n## observatory\n');
  if (start < 0) return { imports: '', dashboard: '' };
  const next = markdown.indexOf('\n## ', start + 5);
  const section = markdown.slice(start + '\n## observatory\n'.length, next < 0 ? undefined : next);
  const split = section.indexOf('### Staff dashboard over a large edition');
  return split < 0 ? { imports: section, dashboard: '' } : { imports: section.slice(0, split), dashboard: section.slice(split) };
}

async function main(only: string[]) {
  const unknown = only.filter((id) => !benches.some((bench) => bench.id === id));
  if (unknown.length) throw new Error(`Unknown benchmark ${unknown.join(', ')}; known: ${benches.map((b) => b.id).join(', ')}`);
  for (const bench of benches) {
    if (only.length && !only.includes(bench.id)) continue;
    const log = (line: string) => console.log(`[${bench.id}] ${line}`);
    const section = await bench.run(log);
    writeSection(resultsFile, bench.id, section);
    log(`written to ${resultsFile}`);
    console.log(`\n## ${bench.id}\n\n${section}\n`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
