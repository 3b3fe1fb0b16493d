import { QemuBackend } from '../harness/backends/qemu/qemu-backend.js';
import { parseKernel } from '../harness/backends/qemu/vm-assets.js';
const b = new QemuBackend(parseKernel(process.argv[2] ?? '6.1'), { log: (l) => console.log(l) });
const t0 = performance.now();
await b.probe();
console.log('boot', (performance.now() - t0).toFixed(0));
const t1 = performance.now();
const sb = await b.create();
console.log('sandbox', (performance.now() - t1).toFixed(0));
for (const cmd of ['true', 'ip link show >/dev/null', 'iptables -t nat -L -n >/dev/null', 'ping -c1 127.0.0.1 >/dev/null']) {
  const t = performance.now();
  for (let i = 0; i < 10; i++) await sb.exec(['bash', '-c', cmd], { timeoutMs: 10000 });
  console.log(cmd, ((performance.now() - t) / 10).toFixed(1), 'ms');
}
await sb.close();
await b.close();
