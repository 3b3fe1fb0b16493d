// One spelling of an iptables rule, so that a rule as a person writes it (`-A FORWARD -d 10.0.0.1
// -p tcp -m tcp ...`), as an article prints it and as iptables-save prints it compare equal.

/** Makes a rule comparable to iptables-save's canonical form: /32 on bare addresses, -m tcp implied by -p tcp. */
export function normalizeRule(spec: string): string {
  return spec
    .replace(/^-A \S+ /, '')
    .replace(/\s+/g, ' ')
    .replace(/(^| )(-[sd]|--source|--destination) (\d+\.\d+\.\d+\.\d+)(?=$| )/g, '$1$2 $3/32')
    .replace(/-p (tcp|udp) -m \1 /g, '-p $1 ')
    .replace(/--destination /g, '-d ')
    .replace(/--source /g, '-s ')
    .trim();
}
