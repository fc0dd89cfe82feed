/**
 * The print PDF as a digital document, as readers' software sees it (poppler, pdf.js): a text
 * layer without soft hyphens in which every word the EPUB has is found as often; one structure
 * tree for the whole book whose headings are the outline's; the structural rules of PDF/UA-1
 * that a machine can check (test/helpers/pdfua.ts); XMP that agrees with the EPUB's package.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readEpub } from '../helpers/epub.js';
import { checkPdfUa, type PdfUaReport } from '../helpers/pdfua.js';
import { outFile, SLUG } from './helpers.js';

type PdfJsDoc = Awaited<ReturnType<typeof getDocument>['promise']>;
interface PageText {
  /** The page's text, line ends as pdf.js gives them. */
  text: string;
  /** Text of each marked-content sequence, by pdf.js's id of it. */
  byContent: Map<string, string>;
  /** The same text without the artifacts (running heads, folios). */
  content: string;
}

let pdf: PdfJsDoc;
const pages: PageText[] = [];
let report: PdfUaReport;
let epubText = '';
let poppler = '';

beforeAll(async () => {
  const bytes = readFileSync(outFile(`${SLUG}.pdf`));
  pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, disableFontFace: true }).promise;
  for (let p = 1; p <= pdf.numPages; p++) {
    const tc = await (await pdf.getPage(p)).getTextContent({ includeMarkedContent: true });
    const byContent = new Map<string, string>();
    const stack: { id?: string; artifact: boolean }[] = [];
    let text = '';
    let content = '';
    for (const item of tc.items) {
      if ('type' in item) {
        // pdf.js gives the tag of marked content too (`Artifact`), which its types leave out.
        const tag = (item as { tag?: string }).tag;
        if (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent') stack.push({ id: item.id ?? undefined, artifact: tag === 'Artifact' });
        else if (item.type === 'endMarkedContent') stack.pop();
        continue;
      }
      const s = item.str + (item.hasEOL ? '\n' : '');
      text += s;
      if (!stack.some((x) => x.artifact)) content += s;
      const id = [...stack].reverse().find((x) => x.id)?.id;
      if (id) byContent.set(id, (byContent.get(id) ?? '') + s);
    }
    pages.push({ text, byContent, content });
  }
  report = await checkPdfUa(bytes);
  const files = await readEpub(outFile(`${SLUG}.epub`));
  epubText = [...files]
    .filter(([name]) => name.endsWith('.xhtml') && !name.endsWith('cover.xhtml'))
    .map(([, t]) => t.replace(/<head>[\s\S]*?<\/head>/, '').replace(/<[^>]+>/g, ' ').replace(/&[a-z]+;/g, ' '))
    .join('\n');
  poppler = execFileSync('pdftotext', [outFile(`${SLUG}.pdf`), '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
});

/** Occurrences of a word, whole, in a text; a word broken at a line's end with a hyphen joined. */
const count = (text: string, word: string) => (text.replace(/(?<=\p{L})-\n/gu, '').match(new RegExp(`(?<![\\p{L}])${word}(?![\\p{L}])`, 'gu')) ?? []).length;

describe('the PDF’s text layer', () => {
  it('has no soft hyphen, in poppler’s text or in pdf.js’s', () => {
    expect((poppler.match(/\u00ad/g) ?? []).length).toBe(0);
    expect(pages.reduce((n, p) => n + (p.text.match(/\u00ad/g) ?? []).length, 0)).toBe(0);
  });

  it('gives every word the EPUB has as often, to pdf.js; poppler reads the same words as pdf.js (within 1 %)', () => {
    // The running heads repeat titles on every page. pdf.js gives the marked content, so its count
    // leaves out the artifacts and is the EPUB's; poppler cannot tell artifacts from content, so
    // its count is pdf.js's count of everything on the page.
    const rows: string[] = [];
    for (const word of ['Stalin', 'Trotsky', 'Bukharin', 'Zinoviev', 'Kamenev', 'Yezhov', 'Tukhachevsky', 'Vyshinsky', 'Piatakov', 'Kirov']) {
      const epub = count(epubText, word);
      const content = count(pages.map((p) => p.content).join('\n'), word);
      const all = count(pages.map((p) => p.text).join('\n'), word);
      const pop = count(poppler, word);
      rows.push(`${word}: EPUB ${epub}, pdf.js ${content} in content and ${all} in all, poppler ${pop}`);
      expect(Math.abs(content - epub) / epub, `${word}: pdf.js ${content} of ${epub}`).toBeLessThanOrEqual(0.01);
      expect(Math.abs(pop - all) / all, `${word}: poppler ${pop} of ${all}`).toBeLessThanOrEqual(0.01);
    }
    console.log(rows.join('\n'));
  });

  it('joins a word broken at a line’s end, in poppler’s reading order', () => {
    // The layout mode keeps the line and its hyphen; the reading order joins them.
    const layout = execFileSync('pdftotext', ['-layout', outFile(`${SLUG}.pdf`), '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const broken = [...layout.matchAll(/(\p{L}+)-[ \t]*\n[ \t]*(\p{Ll}+)/gu)].map((m) => m[1]! + m[2]!).filter((w) => w.length > 7);
    const sample = broken.filter((_, i) => i % 50 === 0);
    const joined = sample.filter((w) => poppler.includes(w));
    console.log(`${broken.length} words broken at line ends; ${joined.length} of a sample of ${sample.length} found whole in poppler’s text`);
    expect(joined.length / sample.length).toBeGreaterThan(0.97);
  });
});

describe('the PDF’s structure', () => {
  it('passes the structural checks of PDF/UA-1', () => {
    const by = new Map<string, number>();
    for (const f of report.findings) by.set(`${f.clause}: ${f.message}`, 1);
    expect([...by.keys()].slice(0, 20)).toEqual([]);
  });

  it('tags every page that has content, with the book’s parts, sections, notes and languages', () => {
    console.log(`${report.pagesWithContent} pages with content, ${report.pagesWithStructure} in the structure; ${report.annotations} annotations; ${JSON.stringify(report.types)}`);
    expect(report.pagesWithStructure).toBe(report.pagesWithContent);
    expect(report.pagesWithContent).toBeGreaterThan(600);
    for (const type of ['Document', 'Part', 'Sect', 'Index', 'H1', 'H2', 'H3', 'P', 'BlockQuote', 'L', 'LI', 'Lbl', 'LBody', 'Table', 'TR', 'TH', 'TD', 'Note', 'Link', 'Span']) {
      expect(report.types[type] ?? 0, type).toBeGreaterThan(0);
    }
    expect(report.types.Part).toBe(4);
    // Every note of the texts (1,131 numbered and 33 of Rogovin's own) is a Note.
    expect(report.types.Note).toBeGreaterThanOrEqual(1164);
    expect(report.types.NonStruct ?? 0).toBe(0);
    // The Russian passages, in Spans that say so.
    expect(report.elements.filter((e) => e.type === 'Span' && e.lang === 'ru').length).toBeGreaterThan(10);
  });

  it('has the outline’s titles as its headings, on the outline’s pages', async () => {
    const outline = (await pdf.getOutline()) ?? [];
    const flat: { title: string; dest: unknown }[] = [];
    const walk = (items: typeof outline) => items.forEach((i) => (flat.push({ title: i.title, dest: i.dest }), walk(i.items)));
    walk(outline);
    // The text of each heading H1–H3, by the page it starts on.
    const headings = new Map<number, string[]>();
    for (let p = 1; p <= pdf.numPages; p++) {
      const tree = await (await pdf.getPage(p)).getStructTree();
      const texts: string[] = [];
      const visit = (node: { role?: string; children?: unknown[]; type?: string; id?: string }, inHeading: string[] | undefined) => {
        const heading = /^H[1-3]$/.test(node.role ?? '') ? [] : undefined;
        const into = heading ?? inHeading;
        if (node.type === 'content' && into && node.id) into.push(pages[p - 1]!.byContent.get(node.id) ?? '');
        for (const c of (node.children ?? []) as (typeof node)[]) visit(c, into);
        if (heading) texts.push(heading.join(''));
      };
      if (tree) visit(tree as never, undefined);
      headings.set(p, texts);
    }
    const norm = (s: string) => s.replace(/^Part \w+: /, '').replace(/[[\]\s]+/g, ' ').replace(/[’']/g, "'").trim().toLowerCase();
    let matched = 0;
    for (const entry of flat) {
      const dest = Array.isArray(entry.dest) ? entry.dest : await pdf.getDestination(String(entry.dest));
      const page = (await pdf.getPageIndex(dest![0])) + 1;
      const found = (headings.get(page) ?? []).map(norm);
      expect(found, `“${entry.title}” on page ${page}`).toContain(norm(entry.title));
      matched++;
    }
    console.log(`${matched} outline entries, each a heading of its page`);
    expect(matched).toBeGreaterThan(70);
  });

  it('describes itself in XMP as the EPUB does', async () => {
    const files = await readEpub(outFile(`${SLUG}.epub`));
    const opf = files.get('OEBPS/content.opf')!;
    const { info, metadata } = await pdf.getMetadata();
    expect(metadata, 'pdf.js reads the XMP').toBeTruthy();
    const xmp = Object.fromEntries([...(metadata as unknown as Iterable<[string, unknown]>)]);
    const pick = (re: RegExp) => re.exec(opf)?.[1];
    // pdf.js gives a Seq or Bag as its items run together: compare them so.
    const value = (k: string) => [xmp[k]].flat().join('');
    expect(value('dc:identifier')).toBe(pick(/<dc:identifier id="book-id">([^<]+)</));
    expect(value('dc:title')).toBe(`${pick(/<dc:title id="title">([^<]+)</)}: ${pick(/<dc:title id="subtitle">([^<]+)</)}`);
    expect(value('dc:language')).toBe(pick(/<dc:language>([^<]+)</));
    expect(value('dc:creator')).toBe([...opf.matchAll(/<dc:contributor id="editor-\d+">([^<]+)</g)].map((m) => m[1]).join(''));
    expect(value('dc:contributor')).toBe([...opf.matchAll(/<dc:creator id="author-\d+">([^<]+)</g)].map((m) => m[1]).join(''));
    expect(value('dc:rights')).toBe(pick(/<dc:rights>([^<]+)</));
    expect(value('dc:description')).toBe(pick(/<dc:description>([^<]+)</));
    expect(value('dc:date')).toBe(pick(/<dc:date>([^<]+)</));
    expect(value('xmp:modifydate')).toBe(pick(/<meta property="dcterms:modified">([^<]+)</));
    expect(value('pdfuaid:part')).toBe('1');
    expect((info as { Title?: string }).Title).toBe(String(xmp['dc:title']));
  });
});
