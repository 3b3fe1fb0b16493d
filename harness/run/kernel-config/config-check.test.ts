import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/load.js';
import { configOptions, parseKernelConfig } from '../../text/kernel-config.js';
import { checkScenarioConfig, configSkipReason, fixLine, missingOptions } from './config-check.js';
import { optionsFor } from './feature-options.js';
import { skipsFor } from './config-skips.js';

const DEBIANISH = `# Automatically generated file; DO NOT EDIT.
CONFIG_NAMESPACES=y
CONFIG_NET_NS=y
CONFIG_PID_NS=y
CONFIG_VETH=m
CONFIG_BRIDGE=m
CONFIG_NETFILTER=y
CONFIG_NF_CONNTRACK=m
CONFIG_NF_NAT=m
# CONFIG_WIREGUARD is not set
CONFIG_NR_CPUS=64
`;
const config = (text = DEBIANISH) => ({ file: 'test.config', options: configOptions(text) });
const scenario = (kernel: string[], world = false) =>
  parseScenario(`id: s\ntitle: s\nrequires: { kernel: [${kernel.join(', ')}] }\n${world ? 'world: {}\n' : ''}steps:\n  - { name: x, run: "true" }\n`, 's.yaml');

describe('kernel config text', () => {
  it('reads options, "is not set" lines and values; a fragment line that is neither is a problem with its line', () => {
    const p = parseKernelConfig('CONFIG_A=y\n# CONFIG_B is not set\n\n# a comment\nCONFIG_C="x y"\nveth=y\n');
    expect(p.lines).toEqual([
      { name: 'CONFIG_A', value: 'y', line: 1 },
      { name: 'CONFIG_B', value: 'n', line: 2 },
      { name: 'CONFIG_C', value: '"x y"', line: 5 },
    ]);
    expect(p.problems).toEqual([{ line: 6, message: expect.stringMatching(/not a kernel config line.*veth=y/) }]);
  });
});

describe('a scenario against a kernel config', () => {
  it('maps requires.kernel names to their options, menus first; qdiscs by Kconfig naming; unknown names are listed', () => {
    expect(optionsFor('veth')).toEqual(['CONFIG_VETH']);
    expect(optionsFor('nf_nat')).toEqual(['CONFIG_NETFILTER', 'CONFIG_NF_CONNTRACK', 'CONFIG_NF_NAT']);
    expect(optionsFor('sch_cake')).toEqual(['CONFIG_NET_SCHED', 'CONFIG_NET_SCH_CAKE']);
    expect(checkScenarioConfig(config(), scenario(['veth', 'frobnicator'])).unknown).toEqual(['frobnicator']);
  });

  it('finds =y and =m options enough, names what is missing and the scripts/config line that adds it', () => {
    expect(configSkipReason(config(), scenario(['veth', 'bridge', 'nf_nat']))).toBeUndefined();
    const check = checkScenarioConfig(config(), scenario(['wireguard', 'sch_netem']));
    expect(missingOptions(check).map((o) => o.option)).toEqual(['CONFIG_WIREGUARD', 'CONFIG_NET_SCHED', 'CONFIG_NET_SCH_NETEM']);
    expect(fixLine(missingOptions(check))).toBe(
      'scripts/config --enable CONFIG_WIREGUARD --enable CONFIG_NET_SCHED --enable CONFIG_NET_SCH_NETEM && make olddefconfig',
    );
  });

  it('a scenario with a world needs veth even when it does not say so', () => {
    const noVeth = config(DEBIANISH.replace('CONFIG_VETH=m\n', ''));
    expect(configSkipReason(noVeth, scenario([], true))).toMatch(/lacks CONFIG_VETH \(veth\); .*scripts\/config --enable CONFIG_VETH/);
    expect(configSkipReason(noVeth, scenario([]))).toBeUndefined();
  });

  it('checks a fragment: y or m both do, n must be off, a value must be equal; on this machine only the fragment is checked', () => {
    const s = {
      ...scenario(['wireguard']),
      kernelConfig: { file: 'config', lines: parseKernelConfig('CONFIG_VETH=y\nCONFIG_NR_CPUS=64\n# CONFIG_WIREGUARD is not set\n').lines },
    };
    expect(skipsFor({ config: config(), looked: [], features: false }, [s]).size).toBe(0);
    const other = { ...s, kernelConfig: { file: 'config', lines: parseKernelConfig('CONFIG_NR_CPUS=8\nCONFIG_BRIDGE=n\n').lines } };
    expect(skipsFor({ config: config(), looked: [], features: false }, [other]).get(other)).toMatch(
      /lacks CONFIG_NR_CPUS=8 \(config:1; the config has =64\), CONFIG_BRIDGE=n \(config:2; the config has =m\); .*--set-val CONFIG_NR_CPUS 8 --disable CONFIG_BRIDGE/,
    );
    expect(skipsFor({ looked: ['/proc/config.gz'], features: false }, [s]).get(s)).toMatch(
      /cannot be checked: no kernel config found \(looked at \/proc\/config\.gz\)/,
    );
    expect(skipsFor({ config: config(), looked: [], features: true }, [s]).get(s)).toMatch(/CONFIG_WIREGUARD \(wireguard\)/);
  });
});
