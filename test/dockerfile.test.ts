import { existsSync, readFileSync } from 'node:fs';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';

// No Docker engine runs on the development and CI machines: the production image's Dockerfile is
// checked by a linter and by what it must keep true.
const root = new URL('../', import.meta.url).pathname;
const content = readFileSync(`${root}Dockerfile`, 'utf8');
const instructions = DockerfileParser.parse(content).getInstructions();
const of = (keyword: string) => instructions.filter((i) => i.getKeyword() === keyword);
const packageJson = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { engines: { node: string } };

describe('the production Dockerfile', () => {
  it('passes the linter with no problem', () => {
    const problems = validate(content).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
    expect(problems).toEqual([]);
    // The linter is live: it does flag a Dockerfile with two commands and a relative WORKDIR.
    expect(validate('FROM node:20.20-bookworm-slim\nWORKDIR app\nCMD ["a"]\nCMD ["b"]\n').length).toBeGreaterThan(0);
  });

  it('builds on the Node.js line the project supports, pinned', () => {
    const bases = of('FROM').map((i) => i.getArgumentsContent() ?? '');
    expect(bases.length).toBeGreaterThan(0);
    const minimum = Number(/(\d+)\./.exec(packageJson.engines.node)?.[1]);
    for (const base of bases) {
      const image = base.split(/\s+/)[0] ?? '';
      expect(image, 'a pinned tag, never latest').toMatch(/^node:\d+\.\d+-[a-z-]+$/);
      expect(Number(/^node:(\d+)/.exec(image)?.[1])).toBeGreaterThanOrEqual(minimum);
    }
  });

  it('runs as an unprivileged user, in production mode, with a health check and a signal-receiving command', () => {
    expect(of('USER').at(-1)?.getArgumentsContent()).toBe('node');
    expect(
      of('ENV')
        .map((i) => i.getArgumentsContent())
        .join(' '),
    ).toContain('NODE_ENV=production');
    expect(of('HEALTHCHECK')).toHaveLength(1);
    expect(of('HEALTHCHECK')[0]?.getArgumentsContent()).toContain('/ready');
    // The exec (JSON) form: no shell sits between, so SIGTERM reaches node itself.
    expect(of('CMD').at(-1)?.getArgumentsContent()).toBe('["node", "bin/quietude.js", "serve"]');
  });

  it('copies only files that exist, and leaves tests, data and secrets out of the image', () => {
    for (const copy of of('COPY')) {
      // A copy from another stage takes files that stage made.
      if (copy.getTextContent().includes('--from=')) continue;
      const args = (copy.getArgumentsContent() ?? '').split(/\s+/).filter((a) => !a.startsWith('--'));
      for (const source of args.slice(0, -1)) expect(existsSync(`${root}${source}`), source).toBe(true);
    }
    const ignored = readFileSync(`${root}.dockerignore`, 'utf8').split('\n');
    for (const entry of ['.env', 'data', 'test', 'node_modules', '.git']) expect(ignored).toContain(entry);
  });
});
