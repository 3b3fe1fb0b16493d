// One placeholder per distinct MAC across a document: outputs pasted from different runs (or
// machines) show one device with two MACs, or two devices with one. Each output matches on its
// own (MACs are normalised); pairing the document's MACs with the machine's across the whole
// replay finds the splice.
import { alignTranscript } from '../expect/transcript.js';
import type { StepResult } from '../run/results.js';

const MAC = /\b(?:[0-9a-f]{2}:){5}[0-9a-f]{2}\b/gi;
const FIXED = new Set(['ff:ff:ff:ff:ff:ff', '00:00:00:00:00:00']);

export interface MacConflict {
  file: string;
  line: number;
  why: string;
}

export function macConflicts(steps: StepResult[]): MacConflict[] {
  const docToMachine = new Map<string, { mac: string; line: number }>();
  const machineToDoc = new Map<string, { mac: string; line: number }>();
  const out: MacConflict[] = [];
  for (const r of steps) {
    const spec = r.step.expect?.transcript;
    if (!r.result || !spec || Array.isArray(spec) || spec.line === undefined) continue;
    for (const d of alignTranscript(spec, r.result.stdout + r.result.stderr)) {
      if (d.side !== 'both') continue;
      const doc = (d.text.match(MAC) ?? []).map((m) => m.toLowerCase());
      const machine = (d.machine!.match(MAC) ?? []).map((m) => m.toLowerCase());
      if (doc.length !== machine.length) continue;
      doc.forEach((dm, i) => {
        const mm = machine[i]!;
        if (FIXED.has(dm) || FIXED.has(mm)) return;
        const seen = docToMachine.get(dm);
        const back = machineToDoc.get(mm);
        const file = spec.file ?? r.step.name;
        if (seen && seen.mac !== mm)
          out.push({
            file,
            line: d.line,
            why: `the document shows ${dm} here and at line ${seen.line}, but they are two devices on the machine (${seen.mac}, ${mm}): outputs from different runs?`,
          });
        else if (back && back.mac !== dm)
          out.push({
            file,
            line: d.line,
            why: `the document shows ${dm} here and ${back.mac} at line ${back.line} for one device (${mm} on the machine): outputs from different runs?`,
          });
        if (!seen) docToMachine.set(dm, { mac: mm, line: d.line });
        if (!back) machineToDoc.set(mm, { mac: dm, line: d.line });
      });
    }
  }
  return out;
}
