// Turns a scenario's `world:` into the environment of world.sh and runs it in a sandbox.
import { scriptBeside } from '../exec/script-file.js';
import { shellQuote } from '../exec/shell-quote.js';
import { InfrastructureError } from '../errors.js';
import type { Sandbox } from '../backends/backend.js';
import type { WorldSpec } from '../scenario/schema.js';

export const WORLD_SCRIPT = scriptBeside(import.meta.url, './world.sh');

/** Where the world's parts live inside the sandbox host; the runner enters them with nsenter. */
export const WORLD_NETNS_PATHS: Record<string, string> = { world: '/run/sandbox/world', client: '/run/sandbox/client' };

function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}
function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** The first host address of the subnet of `cidr` (the client's gateway in the world). */
function firstHost(cidr: string): string {
  const [ip, len] = cidr.split('/') as [string, string];
  const size = 2 ** (32 - Number(len));
  return intToIp(Math.floor(ipToInt(ip) / size) * size + 1);
}

export function worldEnv(world: WorldSpec): Record<string, string> {
  const prefix = world.uplink.address.split('/')[1];
  const [clientIp, clientLen] = world.client.split('/') as [string, string];
  let clientGw = firstHost(world.client);
  if (clientGw === clientIp) clientGw = intToIp(ipToInt(clientGw) + 1);
  return {
    UPLINK_NAME: world.uplink.name,
    UPLINK_CIDR: world.uplink.address,
    GATEWAY: world.uplink.gateway,
    GATEWAY_CIDR: `${world.uplink.gateway}/${prefix}`,
    INTERNET: world.internet.join(' '),
    CLIENT_CIDR: world.client,
    CLIENT_GW_CIDR: `${clientGw}/${clientLen}`,
  };
}

function envPrefix(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([k, v]) => `${k}=${shellQuote(v)}`)
    .join(' ');
}

/** Builds the world inside `sandbox`; an error here is the harness's problem, not the recipe's. */
export async function buildWorld(sandbox: Sandbox, world: WorldSpec): Promise<void> {
  const script = `export ${envPrefix(worldEnv(world))}\n${WORLD_SCRIPT}`;
  const r = await sandbox.exec(['bash', '-c', script], { timeoutMs: 10_000, label: 'build world' });
  if (r.exitCode !== 0) throw new InfrastructureError(`building the world failed (${r.exitCode}): ${r.stderr.trim()}`);
}
