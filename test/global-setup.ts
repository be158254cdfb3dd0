import {
  buildPgliteDemo,
  buildPgliteTemplate,
  buildPostgresDemo,
  buildPostgresTemplate,
  demoTemplateKey,
  templateKey,
} from './helpers/template.js';

/** Builds the migrated template database, and the same with the demo seeded, once for the whole run. */
export default async function setup() {
  const key = templateKey();
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    await buildPostgresDemo(url, await buildPostgresTemplate(url, key), demoTemplateKey());
    console.log(`Tests run on PostgreSQL (${new URL(url).host}).`);
  } else {
    if (process.env.REQUIRE_POSTGRES === '1')
      console.log('This run uses the embedded engine; the PostgreSQL run sets TEST_DATABASE_URL.');
    await buildPgliteDemo(await buildPgliteTemplate(key), demoTemplateKey());
    console.log('Tests run on the embedded engine (PGlite). Set TEST_DATABASE_URL to run them on PostgreSQL.');
  }
}
