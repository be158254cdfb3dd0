import ical from 'ical-generator';
import type { sessionsOfYear } from './session-exports.js';

type CalendarSession = Awaited<ReturnType<typeof sessionsOfYear>>[number];

/**
 * The one iCalendar of sessions, for the signed-in staff's download (`seances.ics`) and the personal feeds
 * (`/t/{slug}/prevention/calendrier/{token}.ics`): what the staff pages show — theme, programme, place, audience,
 * facilitators —, never a head's or a participant's data. `sessionUrl` links each event to its staff page.
 */
export function sessionsCalendar(rows: CalendarSession[], options: { name: string; sessionUrl?: (id: string) => string }) {
  const calendar = ical({ name: options.name, prodId: { company: 'Quiétude', product: 'prevention-sessions' } });
  for (const s of rows)
    calendar.createEvent({
      id: `${s.id}@quietude`,
      // The length of a session is not recorded: the event marks its start.
      start: s.starts_at,
      summary: `${s.theme} — ${s.programme}`,
      location: s.uai ? `${s.place} (${s.uai})` : s.place,
      description: [
        `Public : ${s.audience_level}`,
        `Intervenants : ${[s.association, s.other_facilitators].filter(Boolean).join(', ')}`,
      ].join('\n'),
      ...(options.sessionUrl ? { url: options.sessionUrl(s.id) } : {}),
    });
  return calendar.toString();
}
