// Splits an article into sections by its headings (Markdown `#`, numbered "2.3.1 Title", or
// Chinese "三、Title") and finds the section a scenario names.
import { fenceRoles, markdownHeading } from './markdown-blocks.js';

export interface Section {
  title: string;
  level: number;
  /** 1-based line of the heading. */
  line: number;
  /** The section's lines (heading excluded), with their 1-based line numbers. */
  lines: { n: number; text: string }[];
}

function headingOf(line: string, markdown: boolean): { level: number; title: string } | undefined {
  const md = markdown ? markdownHeading(line) : undefined;
  if (md) return md;
  const numbered = /^\W*(\d+(?:\.\d+)+)\s+(\S.*)$/.exec(line);
  if (numbered) return { level: numbered[1]!.split('.').length, title: `${numbered[1]} ${numbered[2]!.trim()}` };
  const chinese = /^\W*([一二三四五六七八九十]+、.+)$/.exec(line);
  if (chinese) return { level: 1, title: chinese[1]!.trim() };
  return undefined;
}

export function splitSections(text: string): Section[] {
  const all = text.split('\n');
  // Where an article has fenced blocks, `# foo` outside them is a heading; without fences
  // (plain-text exports) `# foo` is a shell comment.
  const roles = fenceRoles(all);
  const markdown = roles.includes('fence');
  const sections: Section[] = [{ title: '', level: 0, line: 0, lines: [] }];
  all.forEach((text, i) => {
    const h = roles[i] === 'text' ? headingOf(text, markdown) : undefined;
    if (h) sections.push({ ...h, line: i + 1, lines: [] });
    else sections.at(-1)!.lines.push({ n: i + 1, text });
  });
  return sections;
}

/** The section titled `title` with its subsections folded in, or undefined. */
export function findSection(text: string, title: string): Section | undefined {
  const sections = splitSections(text);
  const want = title.trim();
  const i = sections.findIndex((s) => s.title.trim() === want);
  if (i < 0) return undefined;
  const head = sections[i]!;
  const merged: Section = { ...head, lines: [...head.lines] };
  for (const s of sections.slice(i + 1)) {
    if (s.level <= head.level) break;
    merged.lines.push({ n: s.line, text: `${'#'.repeat(s.level)} ${s.title}` }, ...s.lines);
  }
  return merged;
}
