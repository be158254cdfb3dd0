import type { Page } from 'playwright-core';
import type { Role } from '../../src/platform/access/roles.js';
import type { Shot } from './shots.js';

/** A Wednesday at 23:30 in Paris: the night services run, bars are open, and the demo's dates read naturally. */
export const GUIDES_NOW = '2026-11-25T22:30:00Z';

const as = (role: Role, slug: string) => ({ role, slug });

/** Follows the first link of that name (ids in the demo change from one start to the next). */
const follow = (name: RegExp | string) => async (page: Page) => {
  const from = page.url();
  await Promise.all([page.waitForURL((url) => url.href !== from), page.getByRole('link', { name }).first().click()]);
};

const vandoeuvre = as('coordinator', 'vandoeuvre-les-nancy');
const lyonCoordinator = as('coordinator', 'lyon');
const venue = as('partner_venue', 'besancon');
const mediator = as('mediator', 'gip-mediation-bordeaux');
const policeManager = as('police_manager', 'lyon');
const policeAgent = as('police_agent', 'lyon');
const policeSupervisor = as('police_supervisor', 'lyon');
const authority = as('transport_authority', 'grand-besancon-metropole');
const operator = as('transit_operator', 'grand-besancon-metropole');

const field = '/t/gip-mediation-bordeaux/espace/mediation/terrain';

/** A report sent the way a resident does it at night: the category, a typed place, what happened, the role. */
async function sendReport(page: Page) {
  await page.getByLabel('Adresse ou lieu').fill('rue Battant');
  await page
    .getByLabel('Que se passe-t-il ? (facultatif)')
    .fill('Un homme suit les personnes qui descendent du bus et les insulte.');
  await page.getByText('Témoin', { exact: true }).click();
  await Promise.all([page.waitForURL(/\/suivi\//), page.getByRole('button', { name: 'Envoyer le signalement' }).click()]);
}

/** The field page with the network cut: the encounter waits on the phone under « En attente d'envoi ». */
async function encounterOffline(page: Page) {
  await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
  await page.getByLabel('Équipe et secteur').selectOption({ index: 1 });
  await page.getByLabel('Heure de début').fill('22:45');
  await page.getByRole('button', { name: 'Commencer la tournée' }).click();
  await page.getByRole('heading', { name: /Tournée en cours/ }).waitFor();
  await page.context().setOffline(true);
  await page.getByLabel('Heure de la rencontre').fill('23:20');
  await page.getByLabel('Nombre de personnes rencontrées').fill('3');
  await page.getByLabel('Jeunesse', { exact: true }).check();
  await page.getByLabel('Écoute', { exact: true }).check();
  await page.getByRole('button', { name: 'Enregistrer la rencontre' }).click();
  await page.locator('[data-outbox-list] li[data-state="pending"]').first().waitFor();
}

/** Every screenshot of the guides, grouped by role; the guides name each file. */
export const guideShots: Shot[] = [
  // Coordinator (CLSPD): Vandœuvre-lès-Nancy runs the whole council and a working group; Lyon the observatory.
  { file: 'coordinateur-accueil.png', account: vandoeuvre, screen: 'staff', path: '/t/vandoeuvre-les-nancy/espace/' },
  {
    file: 'coordinateur-conseil.png',
    account: vandoeuvre,
    screen: 'staff',
    path: '/t/vandoeuvre-les-nancy/espace/coordination/conseil',
    scrollTo: 'main h2',
  },
  {
    file: 'coordinateur-fiche-action.png',
    account: vandoeuvre,
    screen: 'staff',
    path: '/t/vandoeuvre-les-nancy/espace/coordination/strategie',
    steps: follow(/^1\.1 /),
    scrollTo: 'main h2:has-text("Indicateurs")',
  },
  {
    file: 'coordinateur-groupe.png',
    account: vandoeuvre,
    screen: 'staff',
    path: '/t/vandoeuvre-les-nancy/espace/coordination/groupes/',
    steps: follow(/^Trafics/),
  },
  {
    file: 'coordinateur-observatoire.png',
    account: lyonCoordinator,
    screen: 'staff',
    path: '/t/lyon/espace/observatoire',
    scrollTo: 'main h2:has-text("Délinquance enregistrée")',
  },
  {
    file: 'coordinateur-rapport.png',
    account: lyonCoordinator,
    screen: 'staff',
    path: '/t/lyon/espace/observatoire/rapport/2025',
  },

  // Partner venue of « Où est Angela ? » (Besançon's demo bar).
  { file: 'lieu-partenaire-demande.png', account: venue, screen: 'staff', path: '/t/besancon/espace/mon-lieu' },
  {
    file: 'lieu-partenaire-horaires.png',
    account: venue,
    screen: 'staff',
    path: '/t/besancon/espace/mon-lieu',
    scrollTo: 'main :is(h2, h3):has-text("Horaires")',
  },

  // Mediator of the Bordeaux GIP, on a phone.
  { file: 'mediateur-terrain.png', account: mediator, screen: 'phone', path: field },
  {
    file: 'mediateur-rencontre.png',
    account: mediator,
    screen: 'phone',
    path: field,
    scrollTo: 'main h2:has-text("Noter une rencontre")',
  },
  {
    file: 'mediateur-situations.png',
    account: mediator,
    screen: 'phone',
    path: '/t/gip-mediation-bordeaux/espace/mediation/situations',
  },
  // Last of its group: it leaves the phone offline.
  {
    file: 'mediateur-hors-ligne.png',
    account: mediator,
    screen: 'phone',
    path: field,
    steps: encounterOffline,
    scrollTo: 'main h2:has-text("En attente")',
  },

  // Municipal police of Lyon: the manager's workforce and trainings, the agents' and supervisors' main courante.
  { file: 'police-effectifs.png', account: policeManager, screen: 'staff', path: '/t/lyon/espace/police' },
  {
    file: 'police-trajectoire.png',
    account: policeManager,
    screen: 'staff',
    path: '/t/lyon/espace/police/trajectoire',
    scrollTo: 'main h2',
  },
  { file: 'police-conformite.png', account: policeManager, screen: 'staff', path: '/t/lyon/espace/police/formations/conformite' },
  { file: 'police-main-courante.png', account: policeAgent, screen: 'staff', path: '/t/lyon/espace/main-courante' },
  {
    file: 'police-nouvelle-intervention.png',
    account: policeAgent,
    screen: 'staff',
    path: '/t/lyon/espace/main-courante/nouvelle',
  },
  {
    file: 'police-valider.png',
    account: policeSupervisor,
    screen: 'staff',
    path: '/t/lyon/espace/main-courante',
    steps: follow(/^2026-000360$/),
    scrollTo: 'main h2:has-text("Personnes concernées")',
  },

  // Transport authority (AOM) and operator of the Besançon night network, and a rider on a phone.
  {
    file: 'transport-regles.png',
    account: authority,
    screen: 'staff',
    path: '/t/grand-besancon-metropole/espace/descente/regles',
  },
  { file: 'transport-gtfs.png', account: authority, screen: 'staff', path: '/t/grand-besancon-metropole/espace/descente/gtfs' },
  {
    file: 'transport-journal.png',
    account: operator,
    screen: 'staff',
    path: '/t/grand-besancon-metropole/espace/descente/journal',
  },
  {
    file: 'transport-statistiques.png',
    account: operator,
    screen: 'staff',
    path: '/t/grand-besancon-metropole/espace/descente/statistiques',
  },
  { file: 'transport-voyageur.png', screen: 'phone', path: '/t/grand-besancon-metropole/descente' },

  // Residents, on a phone, without an account.
  { file: 'habitant-signaler.png', screen: 'phone', path: '/t/besancon/signaler', scrollTo: 'main h2:has-text("De quoi")' },
  { file: 'habitant-suivi.png', screen: 'phone', path: '/t/besancon/signaler?categorie=outrage-sexiste', steps: sendReport },
  {
    file: 'habitant-angela.png',
    screen: 'phone',
    path: '/t/besancon/angela',
    steps: async (page) => {
      await page.getByLabel(/Ou tapez une adresse/).fill('rue Battant');
      await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Chercher' }).click()]);
    },
  },
  { file: 'habitant-urgences.png', screen: 'phone', path: '/t/besancon/', scrollTo: 'aside.emergency' },
];
