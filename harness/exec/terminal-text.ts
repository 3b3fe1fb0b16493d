// What a terminal prints, as text: CRLF (and a lone CR) become \n and bracketed-paste switches
// are dropped. A terminal's output arrives in chunks that may split a "\r\n" or an escape
// sequence anywhere, so what could be the start of one is held back for the next chunk: read
// chunk by chunk, "\r" + "\n" is one line end, not two.
const ENDS_PARTLY = /(?:\r|\x1b(?:\[(?:\?(?:2(?:0(?:0(?:4)?)?)?)?)?)?)$/;

export class TerminalText {
  private held = '';

  /** The text of `chunk`, with what it ends in that the next chunk may complete held back. */
  push(chunk: string): string {
    const text = this.held + chunk;
    const held = ENDS_PARTLY.exec(text)?.[0] ?? '';
    this.held = held;
    return text
      .slice(0, text.length - held.length)
      .replace(/\r\n?/g, '\n')
      .replace(/\x1b\[\?2004[hl]/g, '');
  }
}
