import type { Mail } from '../../platform/mail/mailer.js';
import type { PublicState } from './tables.js';

const dateFr = (at: Date, timeZone: string) => at.toLocaleDateString('fr-FR', { timeZone, dateStyle: 'long' });

/** To the members of the receiving organisation: the category, the date, the link — no description, no contact. */
export function reportAssignedMail(
  to: string,
  input: { tenantName: string; category: string; at: Date; timeZone: string; link: string },
): Mail {
  return {
    to,
    subject: `Nouveau signalement à traiter — ${input.tenantName}`,
    text: `Bonjour,\n\nUn signalement « ${input.category} » du ${dateFr(input.at, input.timeZone)} a été transmis à votre organisation.\n\nPour le lire, connectez-vous à votre espace Quiétude :\n${input.link}\n\nCe message ne contient volontairement aucun détail du signalement.\n`,
  };
}

const stateWords: Record<PublicState, { fr: string; en: string }> = {
  received: { fr: 'reçu', en: 'received' },
  forwarded: { fr: 'transmis', en: 'forwarded' },
  handled: { fr: 'traité', en: 'handled' },
  closed: { fr: 'clos', en: 'closed' },
};

/**
 * To the reporter who asked to be told: the generic state only (what could tip off the people reported
 * never leaves), and where to follow it — with the link they were given (the token is never stored).
 */
export function reportStateMail(to: string, input: { tenantName: string; state: PublicState; followUrl: string }): Mail {
  const word = stateWords[input.state];
  return {
    to,
    subject: `Votre signalement — ${input.tenantName}`,
    text: `Bonjour,\n\nVotre signalement est maintenant : ${word.fr}.\n\nPour suivre son avancement, ouvrez la page de suivi avec le lien que vous avez reçu lors de l’envoi :\n${input.followUrl}\n\n—\n\nYour report is now: ${word.en}. To follow it, open the follow-up page with the link you received when you sent it.\n`,
  };
}
