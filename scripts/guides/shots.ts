import type { Page } from 'playwright-core';
import type { Role } from '../../src/platform/access/roles.js';

/**
 * One picture of a guide: who is signed in (nobody for residents), on which screen, the page it starts from,
 * what is done on it first, and which part of it is brought into view.
 */
export interface Shot {
  /** File name in docs/guides/images/. */
  file: string;
  account?: { role: Role; slug: string };
  /** « staff »: an office screen; « phone »: a resident or someone in the field. */
  screen: 'staff' | 'phone';
  path: string;
  /** Clicks and typing before the picture (sign-in is already done). */
  steps?: (page: Page) => Promise<void>;
  /** A CSS selector scrolled to the top of the screen before the picture. */
  scrollTo?: string;
}
