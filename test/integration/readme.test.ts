// The README's example scenario must stay true: extract it and run it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../harness/config/project-config.js';
import { ROOT, cli, scenarioDir, tempDir } from './helpers.js';

describe('README', () => {
  it('its example scenario passes', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Writing a scenario'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(yaml).toBeDefined();
    const dir = await scenarioDir({ 'my-snat.yaml': yaml! });
    const r = await cli(['run', dir, '--out', await tempDir()]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toContain('1 passed, 0 failed');
  });

  it('its example config is a valid netrecipes.config.json', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## In your own repository'));
    const json = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    expect(configSchema.parse(JSON.parse(json!))).toMatchObject({ backend: 'container', distro: 'bookworm,trixie', jobs: '2' });
  });
});
