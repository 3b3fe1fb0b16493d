// Text from a scenario, a document or a sandbox, made safe for the places people and CI read:
// a terminal obeys escape sequences (OSC 52 writes the clipboard, OSC 0 the window title, CSI
// moves the cursor and erases what was printed) and a carriage return lets a line start over,
// so that GitHub's runner reads what follows as a workflow command; bidirectional overrides make
// text read otherwise than it runs. Each such character is shown as an escape (\x1b, \r,
// \u202e), never obeyed. Newlines and tabs stay.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function shown(c: string): string {
  const code = c.charCodeAt(0);
  if (c === '\r') return '\\r';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control character (but newline and tab) and direction override shown as an escape. */
export function printable(text: string): string {
  return text.replace(UNSAFE, shown);
}

/** XML 1.0 cannot carry most control characters: each becomes U+FFFD, so the document stays well-formed. */
export function xmlSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd');
}
