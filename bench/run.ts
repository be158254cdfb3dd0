import { fileURLToPath } from 'node:url';
import { benchMediation } from './mediation.js';
import { benchNightStops } from './night-stops.js';
import { benchObservatory } from './observatory.js';
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
  { id: 'observatory', run: benchObservatory },
];

const resultsFile = fileURLToPath(new URL('./RESULTS.md', import.meta.url));

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
