import { expect, it } from 'vitest';
import { sourceLinker } from './source-link.js';

it('links a YAML line relative to the report, or to GitHub at the commit inside Actions', () => {
  expect(sourceLinker('/w/reports/index.html', {})('/w/scenarios/a/b.yaml', 12)).toBe('../scenarios/a/b.yaml#L12');
  const gh = { GITHUB_ACTIONS: 'true', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'o/r', GITHUB_SHA: 'abc', GITHUB_WORKSPACE: '/w' };
  expect(sourceLinker('/w/reports/index.html', gh)('/w/scenarios/a/b.yaml', 12)).toBe('https://github.com/o/r/blob/abc/scenarios/a/b.yaml#L12');
});
