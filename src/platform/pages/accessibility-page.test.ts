import { describe, expect, it } from 'vitest';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import { parseConfig } from '../../config.js';

let t: TestApp;
const operator = parseConfig({
  NODE_ENV: 'test',
  OPERATOR_NAME: 'Ville de Besançon',
  SECURITY_CONTACT: 'mailto:cert@besancon.example',
  ACCESSIBILITY_CONTACT: 'https://besancon.example/accessibilite',
  PUBLIC_URL: 'https://securite.besancon.example',
});
withTestApp((opened) => ({ t } = opened), {
  config: { operator: operator.operator, publicUrl: operator.publicUrl },
  now: '2026-11-26T10:00:00Z',
});

describe('accessibility statement and security contact', () => {
  it('links the statement from every page and says the state honestly, with the operator’s contact', async () => {
    const home = await t.app.inject({ url: '/' });
    expect(home.body).toContain('href="/accessibilite">Accessibilité : non conforme</a>');
    const fr = await t.app.inject({ url: '/accessibilite' });
    expect(fr.statusCode).toBe(200);
    expect(fr.body).toContain('Ville de Besançon s’engage');
    expect(fr.body).toContain('Non conforme au référentiel général');
    expect(fr.body).toContain('href="https://besancon.example/accessibilite"');
    expect(fr.body).toContain('Défenseur des droits');
    const en = await t.app.inject({ url: '/accessibilite?lang=en' });
    expect(en.body).toContain('<html lang="en"');
    expect(en.body).toContain('Not compliant with the French accessibility framework');
  });

  it('serves security.txt with the contact, an expiry a year ahead of the clock and its canonical address', async () => {
    const response = await t.app.inject({ url: '/.well-known/security.txt' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.body.split('\n')).toEqual([
      'Contact: mailto:cert@besancon.example',
      'Expires: 2027-11-26T10:00:00Z',
      'Preferred-Languages: fr, en',
      'Canonical: https://securite.besancon.example/.well-known/security.txt',
      '',
    ]);
  });

  it('refuses a contact that is not a mailto: or https: address, naming the variable', () => {
    expect(() => parseConfig({ SECURITY_CONTACT: 'cert@besancon.example' })).toThrow(/SECURITY_CONTACT/);
    expect(parseConfig({ MAIL_FROM: 'Ville <securite@ville.example>' }).operator.securityContact).toBe(
      'mailto:securite@ville.example',
    );
  });
});
