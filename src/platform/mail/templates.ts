import type { Lang } from '../i18n/i18n.js';
import type { Mail } from './mailer.js';

/** Plain-text mails in French and English: short, with the link and how long it lasts. */
export function invitationMail(lang: Lang, to: string, tenantName: string, role: string, link: string): Mail {
  return lang === 'en'
    ? {
        to,
        subject: `Invitation to Quiétude — ${tenantName}`,
        text: `Hello,\n\nYou are invited to join the Quiétude workspace of ${tenantName} as: ${role}.\n\nTo accept, open this link within 7 days:\n${link}\n\nIf you did not expect this invitation, ignore this message.\n`,
      }
    : {
        to,
        subject: `Invitation à Quiétude — ${tenantName}`,
        text: `Bonjour,\n\nVous êtes invité·e à rejoindre l’espace Quiétude de ${tenantName} en tant que : ${role}.\n\nPour accepter, ouvrez ce lien dans les 7 jours :\n${link}\n\nSi vous n’attendiez pas cette invitation, ignorez ce message.\n`,
      };
}

export function passwordLinkMail(lang: Lang, to: string, link: string): Mail {
  return lang === 'en'
    ? {
        to,
        subject: 'Quiétude — choose your password',
        text: `Hello,\n\nTo choose a new password for Quiétude, open this link within 24 hours:\n${link}\n\nIf you did not ask for it, tell your administrator.\n`,
      }
    : {
        to,
        subject: 'Quiétude — choisissez votre mot de passe',
        text: `Bonjour,\n\nPour choisir un nouveau mot de passe Quiétude, ouvrez ce lien dans les 24 heures :\n${link}\n\nSi vous ne l’avez pas demandé, prévenez votre administrateur.\n`,
      };
}
