import { QemuBackend } from '../harness/backends/qemu/qemu-backend.js';
import { parseKernel } from '../harness/backends/qemu/vm-assets.js';
const b = new QemuBackend(parseKernel('6.1'), {});
await b.probe();
const sb = await b.create();
const agent = (b as any).vm.agent;
const s = `
t() { local s=$(date +%s%N); for i in 1 2 3 4 5 6 7 8 9 10; do "$@" >/dev/null; done; echo "$(( ($(date +%s%N) - s) / 10000000 )) ms: $*"; }
t /bin/true
t bash -c true
t nsenter -t ${(sb as any).initPid} -n -m -p -- /bin/true
t nsenter -t ${(sb as any).initPid} -n -m -p -- bash -c true
t python3 -c 'import subprocess; subprocess.run(["true"])'
t ip link show
`;
const r = await agent.run(['bash', '-c', s], { timeoutMs: 60000, label: 'x' });
console.log(r.stdout, r.stderr);
let t = performance.now();
for (let i = 0; i < 10; i++) await agent.run(['/bin/true'], { timeoutMs: 10000, label: 'x' });
console.log('agent /bin/true', (performance.now() - t) / 10);
await sb.close(); await b.close();
