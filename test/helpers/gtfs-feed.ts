import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZipFile } from 'yazl';

/**
 * A small valid night feed written by the project: one agency, one line in both directions, three stops
 * around Besançon's centre, a service every day of 2026–2027 but Christmas. Line numbers in the tests count
 * from these texts (line 1 is the header). The trips pass midnight and T1 has a blank intermediate time.
 */
export const smallFeed = (): Record<string, string> => ({
  'agency.txt': 'agency_id,agency_name,agency_url,agency_timezone\nA,Réseau test,https://example.org,Europe/Paris\n',
  'calendar.txt':
    'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nNUIT,1,1,1,1,1,1,1,20260101,20271231\n',
  'calendar_dates.txt': 'service_id,date,exception_type\nNUIT,20261225,2\n',
  'routes.txt': 'route_id,agency_id,route_short_name,route_long_name,route_type\nR1,A,N1,Ligne de nuit,3\n',
  'shapes.txt':
    'shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence\nSH1,47.2300,6.0100,1\nSH1,47.2340,6.0170,2\nSH1,47.2380,6.0243,3\nSH1,47.2420,6.0320,4\n',
  'stops.txt':
    'stop_id,stop_name,stop_lat,stop_lon\nS1,Chamars,47.2300,6.0100\nS2,Révolution,47.2380,6.0243\nS3,Rivotte,47.2420,6.0320\n',
  'trips.txt':
    'route_id,service_id,trip_id,trip_headsign,direction_id,shape_id\nR1,NUIT,T1,Rivotte,0,SH1\nR1,NUIT,T2,Chamars,1,SH1\n',
  'stop_times.txt': [
    'trip_id,arrival_time,departure_time,stop_id,stop_sequence',
    'T1,23:50:00,23:50:00,S1,1',
    'T1,,,S2,2',
    'T1,25:10:00,25:10:00,S3,3',
    'T2,24:00:00,24:00:00,S3,1',
    'T2,24:05:00,24:05:00,S2,2',
    'T2,24:10:00,24:10:00,S1,3',
    '',
  ].join('\n'),
});

export function writeFeedFolder(dir: string, files: Record<string, string | null>): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) if (text !== null) writeFileSync(join(dir, name), text);
  return dir;
}

/** The feed as a zip, as an authority's export tool makes it (files at the root). */
export function feedZip(files: Record<string, string | null>): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, text] of Object.entries(files)) if (text !== null) zip.addBuffer(Buffer.from(text, 'utf8'), name);
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}
