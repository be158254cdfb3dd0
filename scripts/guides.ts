import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../test/helpers/browser.js';
import { startGuideApp } from './guides/guide-app.js';
import { GUIDES_NOW, guideShots } from './guides/guide-shots.js';
import { removeStaleImages, takeShots } from './guides/take-shots.js';

/**
 * `npm run guides [-- <file name start>…]`: starts the app on a throwaway embedded database with the demo data
 * and a clock held at GUIDES_NOW, drives Debian's Chromium through each role's screens and writes the guides'
 * screenshots to docs/guides/images/. With names, only the shots whose file starts with one of them are taken.
 * `GUIDES_BASE_URL` points it at an app already running (to try shots quickly; the committed images come from a
 * fresh start).
 */
const imagesDir = fileURLToPath(new URL('../docs/guides/images/', import.meta.url));

async function main(only: string[]) {
  const say = (line: string) => console.log(line);
  const shots = only.length ? guideShots.filter((shot) => only.some((start) => shot.file.startsWith(start))) : guideShots;
  const started = Date.now();
  const app = process.env.GUIDES_BASE_URL
    ? { baseURL: process.env.GUIDES_BASE_URL, close: async () => {} }
    : await startGuideApp(GUIDES_NOW, say);
  const browser = await launchBrowser();
  try {
    const bytes = await takeShots(browser, app.baseURL, shots, imagesDir, new Date(GUIDES_NOW), say);
    if (!only.length) removeStaleImages(imagesDir, shots);
    say(`${shots.length} screenshots, ${Math.round(bytes / 1024)} KB, in ${Math.round((Date.now() - started) / 1000)} s.`);
  } finally {
    await browser.close();
    await app.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
