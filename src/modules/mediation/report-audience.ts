import { type Actor, can } from '../../platform/access/actor.js';
import { AppError, invalidInput } from '../../platform/errors.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whose report an actor gets. A mediation manager sees the whole GIP's exact figures, or a member's
 * report as the member gets it (protected: the same document whoever opens it). A funding member
 * always gets its own organisation's report (another member asked for is ignored), protected; a funder
 * of the whole tenant (an observatory token) may ask for any member or the whole GIP, protected too.
 */
export function reportAudience(actor: Actor, requested: unknown): { memberId: string | null; protect: boolean } {
  if (requested !== undefined && requested !== '' && (typeof requested !== 'string' || !uuid.test(requested)))
    throw invalidInput('member', 'must be the identifier of a member organisation', 'doit être l’identifiant d’un membre');
  const member = typeof requested === 'string' && requested !== '' ? requested.toLowerCase() : null;
  if (can(actor, 'mediation.manage')) return { memberId: member, protect: member !== null };
  const scope = actor.grants.get('mediation.funder');
  if (!scope || scope === 'tenant') return { memberId: member, protect: true };
  const own = [...scope.organisations];
  const memberId = member && own.includes(member) ? member : own[0];
  if (!memberId) throw new AppError('forbidden', 'This account speaks for no member organisation');
  return { memberId, protect: true };
}
