// The backends as the shell scripts read them (scripts/setup.sh runs before `npm install`, so it
// cannot ask netrecipes; action.yml's steps are bash): scripts/backends.txt, one fact a line,
// written from the descriptors by backends-table.test.ts (`-u` rewrites it).
import { BACKENDS, flagOf } from './choices.js';
import type { BackendDescriptor } from './descriptor.js';

/** What building from Debian's archive needs here besides a mirror (debootstrap checks the archive's signatures with the keyring). */
const FROM_DEBIAN = ['command debootstrap debootstrap', 'file /usr/share/keyrings/debian-archive-keyring.gpg debian-archive-keyring'];

const HEADER = `# The backends as scripts/setup.sh and action.yml read them: BACKEND FACT, one a line.
#   command NAME PACKAGE  it needs the command NAME, which PACKAGE ships (setup.sh installs it)
#   file PATH PACKAGE     it needs the file PATH, which PACKAGE ships (likewise)
#   package PACKAGE       it needs PACKAGE, which no command shows (likewise)
#   option NAME           it takes --NAME (the action passes it the input of that name)
#   mirror                it builds from a Debian mirror (the action wants one where apt is not Debian's)
# Written from the backends' descriptors (harness/backends/choices.ts); do not edit it:
# npx vitest run harness/backends/backends-table.test.ts -u
`;

function factsOf(b: BackendDescriptor): string[] {
  return [
    ...Object.entries(b.tools).map(([command, pkg]) => `command ${command} ${pkg}`),
    ...(b.fromDebian ? FROM_DEBIAN : []),
    ...(b.packages ?? []).map((pkg) => `package ${pkg}`),
    ...b.takes.map((o) => `option ${flagOf(o).slice(2)}`),
    ...(b.fromDebian ? ['mirror'] : []),
  ];
}

/** scripts/backends.txt's text. */
export function backendsTable(): string {
  return HEADER + BACKENDS.flatMap((b) => [...new Set(factsOf(b))].map((fact) => `${b.name} ${fact}\n`)).join('');
}
