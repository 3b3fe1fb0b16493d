import { describe, expect, it } from 'vitest';
import { count, fit, padEnd, series, width } from './words.js';

describe('count', () => {
  it('says 1 scenario and 2 scenarios', () => {
    expect(count(1, 'scenario run')).toBe('1 scenario run');
    expect(count(0, 'scenario run')).toBe('0 scenario runs');
    expect(count(2, 'bad file')).toBe('2 bad files');
  });
});

describe('series', () => {
  it('joins one, two and three items as a sentence says them', () => {
    expect(series(['netns'])).toBe('netns');
    expect(series(['qemu', 'vagrant'])).toBe('qemu and vagrant');
    expect(series(['container', 'qemu', 'vagrant'], 'or')).toBe('container, qemu or vagrant');
    expect(series([])).toBe('');
  });
});

describe('terminal width', () => {
  it('counts a CJK character as two columns when padding and cutting', () => {
    expect(width('连接外部世界')).toBe(12);
    expect(padEnd('网络', 6)).toBe('网络  ');
    expect(width(fit('连接外部世界（IP 路由和地址伪装）', 10))).toBe(10);
    expect(fit('连接外部世界（IP 路由和地址伪装）', 10)).toBe('连接外部… ');
    expect(fit('ascii', 7)).toBe('ascii  ');
  });
});
