/**
 * The Rogovin ingester's rules on small inline fixtures: page-break joins (hyphen dropped or
 * kept by the corpus), note references and notes, the author's footnotes, the NOTES debris,
 * displaced note runs, facsimile OCR, captions, and a whole miniature book split into chapters.
 */
import { describe, expect, it } from 'vitest';
import { assignNoteRuns, toRuns } from '../../build/ingest/rogovin/assign-note-runs.js';
import { findMarkers, labelMarkers } from '../../build/ingest/rogovin/author-footnotes.js';
import { classifyUnits } from '../../build/ingest/rogovin/classify-units.js';
import { ingestRogovin } from '../../build/ingest/rogovin/index.js';
import { joinPageBreaks } from '../../build/ingest/rogovin/join-page-breaks.js';
import { isOpenEnded, joinText, type Frequencies } from '../../build/ingest/rogovin/join-text.js';
import { toBlocks, toLines } from '../../build/ingest/rogovin/lines.js';
import { convertNoteRefs } from '../../build/ingest/rogovin/note-refs.js';
import { parseContents } from '../../build/ingest/rogovin/parse-contents.js';
import { parseNotes } from '../../build/ingest/rogovin/parse-notes.js';
import { renderCaption, verseLines } from '../../build/ingest/rogovin/render-markdown.js';
import { wordFrequency } from '../../build/ingest/rogovin/word-frequency.js';

const freqOf = (book: string, ...others: string[]): Frequencies => ({
  book: wordFrequency([book]),
  corpus: wordFrequency([book, ...others]),
});

const contents = parseContents(
  toLines('Foreword\tix\n1. The First Chapter\t1\n2. The Second Chapter\t5\nNotes\t9\nName Index\t10\nSubject Index\t11'),
);

describe('page-break joins', () => {
  it('drops the hyphen where the corpus knows the joined word', () => {
    const freq = freqOf('nothing here', 'It was presented to them.');
    const j = joinText('a sentence that was pre-', 'sented across a page.', freq);
    expect(j.text).toBe('a sentence that was presented across a page.');
    expect(j.hyphen?.decision).toBe('dropped');
  });

  it('keeps the hyphen where the book spells the word with one', () => {
    const freq = freqOf('the counter-revolutionary press', 'the counterrevolution');
    const j = joinText('the counter-', 'revolutionary forces', freq);
    expect(j.text).toBe('the counter-revolutionary forces');
    expect(j.hyphen?.decision).toBe('kept');
  });

  it('keeps the hyphen before a capital, and of two words that occur on their own', () => {
    const freq = freqOf('one third, one third; the third one');
    expect(joinText('A. P. Smirnov-', 'Eismont.', freq).text).toBe('A. P. Smirnov-Eismont.');
    expect(joinText('comprised one-', 'third of it', freq).text).toBe('comprised one-third of it');
  });

  it('closes an italic cut at the break after the mended word', () => {
    const freq = freqOf('the victims');
    expect(joinText('his book *Unprecedented Vic-*', 'tims was published', freq).text).toBe('his book *Unprecedented Victims* was published');
  });

  it('mends an italic the extraction closed on both sides of a break', () => {
    const freq = freqOf('');
    expect(joinText('Orlov, A., *Tainaia istoriia stalinskikh*', 'prestuplenii* (Moscow: 1991)', freq).text).toBe(
      'Orlov, A., *Tainaia istoriia stalinskikh prestuplenii* (Moscow: 1991)',
    );
    expect(joinText('In the novel *Doctor*', 'Zhivago, Boris Pasternak', freq).text).toBe('In the novel *Doctor* Zhivago, Boris Pasternak');
  });

  it('knows where a paragraph cannot end', () => {
    expect(isOpenEnded('the correspondence between Trotsky,')).toBe(true);
    expect(isOpenEnded('before the period of the')).toBe(true);
    expect(isOpenEnded('as he wrote.”¹²')).toBe(false);
    expect(isOpenEnded('"You mean —"')).toBe(false);
    expect(isOpenEnded('for our adoration of Stalin."^{8†}')).toBe(false);
  });

  it('steps over a footnote and a caption to join a paragraph, and keeps them', () => {
    const body = [
      'It was the Harvard archives that contain the correspondence between Trotsky,',
      '',
      '* An author’s note at the foot of the page.',
      '',
      '',
      '',
      'Mark Zborowski',
      '',
      'Sedov and Olberg, which discusses distributing the paper.',
      '',
      'A new paragraph.',
    ].join('\n');
    const units = classifyUnits(toBlocks(toLines(body)), contents, []);
    expect(units.map((u) => u.kind)).toEqual(['prose', 'footnote', 'caption', 'prose', 'prose']);
    const { flow, joins } = joinPageBreaks(units, freqOf(body));
    expect(joins).toBe(1);
    expect(flow.map((i) => i.kind)).toEqual(['paragraph', 'footnote', 'caption', 'paragraph']);
    expect(flow[0]).toMatchObject({ text: 'It was the Harvard archives that contain the correspondence between Trotsky, Sedov and Olberg, which discusses distributing the paper.' });
  });

  it('does not join verse, and does not take a numbered list for headings', () => {
    const body = ['Bedny wrote:', '', 'Traitors! Arch-operators,', ' Where were you when', '', '1. Trotsky "crushed the opposition."', '2. Trotsky was a "leading figure."'].join('\n');
    const units = classifyUnits(toBlocks(toLines(body)), contents, []);
    expect(units.map((u) => u.kind)).toEqual(['prose', 'verse', 'list', 'list']);
  });
});

describe('facsimiles', () => {
  it('removes Cyrillic OCR and keeps the caption that follows it', () => {
    const body = [
      'As the *Bulletin* explained, the “Union” was actually the central',
      '',
      'Г. П. У. УБИВАЕТ И ЗАГРАНИЦЕЙ',
      '',
      '4 декабря вблизи Лозанны было обнаружено тело.',
      '',
      'Obituary of Ignace Reiss in the *Bulletin of the Opposition*',
      '',
      'recruitment office of the GPU in Paris.⁵',
    ].join('\n');
    const units = classifyUnits(toBlocks(toLines(body)), contents, []);
    expect(units.map((u) => u.kind)).toEqual(['prose', 'facsimile', 'facsimile', 'caption', 'prose']);
    const { flow, removals } = joinPageBreaks(units, freqOf(body));
    expect(removals.map((r) => [r.class, r.line])).toEqual([
      ['facsimile-ocr', 3],
      ['facsimile-ocr', 5],
    ]);
    expect(flow[0]).toMatchObject({ text: 'As the *Bulletin* explained, the “Union” was actually the central recruitment office of the GPU in Paris.⁵' });
    expect(renderCaption('Obituary of Ignace Reiss in the *Bulletin of the Opposition*')).toBe('*Obituary of Ignace Reiss in the* Bulletin of the Opposition');
  });
});

describe('notes', () => {
  it('turns superscript digits into footnote references', () => {
    expect(convertNoteRefs('to communism.”¹ And then²³ more.')).toMatchObject({ text: 'to communism.”[^1] And then[^23] more.', refs: [1, 23] });
    expect(convertNoteRefs('of Stalin."^{8†} Given')).toMatchObject({ text: 'of Stalin."[^8]† Given', refs: [8], repaired: 1 });
  });

  it('tells an author’s footnote marker from italics', () => {
    const text = 'In *Izvestiia* he read it.* Then “*Yezhov*: yes” and "yes-men"*), and *Doctor*';
    expect(findMarkers(text).length).toBe(2);
    expect(labelMarkers(text, 1).text).toBe('In *Izvestiia* he read it.[^a1] Then “*Yezhov*: yes” and "yes-men"[^a2]), and *Doctor*');
  });

  it('repairs the NOTES debris and groups the notes under their chapters', () => {
    const notes = [
      '1. The First Chapter',
      '',
      '1. *Pravda*, 15 August 1936.',
      ' 2. Orlov, A., *Tainaia istoriia stalinskikh*',
      '',
      '- prestuplenii* (Moscow: 1991), pp. 121, 129.',
      '- 2. The Second Chapter**',
      '1. Ibid., p. 7.',
    ].join('\n');
    const parsed = parseNotes(toLines(notes), contents, freqOf(''));
    expect(parsed.repaired).toBe(3);
    const runs = toRuns(parsed.items);
    expect(runs.map((r) => [r.group, r.notes.map((n) => n.number)])).toEqual([
      ['ch01', [1, 2]],
      ['ch02', [1]],
    ]);
    expect(runs[0]!.notes[1]!.text).toBe('Orlov, A., *Tainaia istoriia stalinskikh prestuplenii* (Moscow: 1991), pp. 121, 129.');
  });

  it('puts a displaced run of notes where it fits and renumbers notes that carry on the wrong numbering', () => {
    // Chapter 1 has 2 references, chapter 2 has 5, chapter 3 has 3. Chapter 2's notes 4–5 stand under
    // chapter 1, after a duplicate piece of note 3; chapter 3 lost its heading, and its notes 1–2
    // came out as 4–5 after chapter 2's notes 1–3.
    const items = parseNotes(
      toLines(
        [
          '1. The First Chapter',
          '1. a.',
          '2. b.',
          '- p. 9.',
          '4. c2-4.',
          '5. c2-5.',
          '2. The Second Chapter',
          '1. c2-1.',
          '2. c2-2.',
          '3. c2-3, p. 9.',
          '4. c3-1.',
          '5. c3-2.',
          '3. c3-3.',
        ].join('\n'),
      ),
      contents,
      freqOf(''),
    ).items;
    const order = ['foreword', 'ch01', 'ch02', 'ch03'];
    const refs = new Map([['ch01', 2], ['ch02', 5], ['ch03', 3]]);
    const a = assignNoteRuns(toRuns(items), order, refs, freqOf(''));
    const texts = (k: string) => [...a.notes.get(k)!.entries()].sort((x, y) => x[0] - y[0]).map(([n, v]) => `${n}:${v.text}`);
    expect(texts('ch01')).toEqual(['1:a.', '2:b.']);
    expect(texts('ch02')).toEqual(['1:c2-1.', '2:c2-2.', '3:c2-3, p. 9.', '4:c2-4.', '5:c2-5.']);
    expect(texts('ch03')).toEqual(['1:c3-1.', '2:c3-2.', '3:c3-3.']);
    expect(a).toMatchObject({ relocated: 3, renumbered: 2, unplaced: [] });
    expect(a.duplicates.map((d) => d.text)).toEqual(['- p. 9.']);
  });
});

describe('verse', () => {
  it('sets the italics of a whole passage line by line, note references outside', () => {
    expect(verseLines(['*And behind one side of the law', 'Son of army commander or village priest.*[^30]'])).toEqual([
      '*And behind one side of the law*',
      '*Son of army commander or village priest.*[^30]',
    ]);
    expect(verseLines(['*But if suddenly, sometime,', 'Will bend silently over me.[^31]*'])).toEqual([
      '*But if suddenly, sometime,*',
      '*Will bend silently over me.*[^31]',
    ]);
  });
});

const BOOK = `1937

Stalin's Year of Terror

Translated by A. Translator

Mehring Books, Inc.
Oak Park, Michigan

© 1998 by Mehring Books, Inc. All rights reserved.

CONTENTS

Foreword	ix
1. The First Chapter	1
2. The “Second” Chapter Has a Long Title	5
Notes	9
Name Index	10
Subject Index	11

FOREWORD

This foreword thanks the readers of the counter-revolutionary press.

1. THE FIRST CHAPTER

THE TEXT begins with a sentence that was pre-

sented across a page.¹ It goes on.* And then.

* The author's own note.

1. Trotsky "firmly crushed the opposition."
2. Trotsky was a "leading figure."

Here the counter-

revolutionary forces appear at 10:40.²

2. THE “SECOND” CHAPTER HAS
A LONG TITLE

*Once upon a time,
Predicting in reverse.*

B. Pasternak

Text of chapter two quotes *Pravda*.¹

NOTES

1. The First Chapter

1. *Pravda*, 1 May 1937.
 2. *Tainaia istoriia*

- prestuplenii* (Moscow: 1991), p. 5.
- 2. The “Second” Chapter Has a Long Title**
1. Ibid., p. 7.

NAME INDEX

A

Abakumov, V. S., 451

SUBJECT INDEX

Abwehr, 419

1937 Stalin's Year of Terror

is the first major study.

ISBN 0-929087-77-1`;

describe('a miniature book', () => {
  const result = ingestRogovin(BOOK, ['It was presented.'], { captions: 'keep', facsimiles: [], lostMarkers: [], notCaptions: [] });
  const file = (name: string) => result.files.find((f) => f.path === `rogovin/${name}`)?.content ?? '';

  it('writes one file per contents entry, in the contents order, with titles from the contents', () => {
    expect(result.files.map((f) => f.path)).toEqual(['rogovin/index.md', 'rogovin/foreword.md', 'rogovin/ch01.md', 'rogovin/ch02.md']);
    expect(file('index.md')).toContain('rights: © 1998 by Mehring Books, Inc. All rights reserved.');
    expect(file('index.md')).toMatch(/chapters:\n {2}- foreword\.md\n {2}- ch01\.md\n {2}- ch02\.md/);
    expect(file('ch01.md')).toContain('chapter: 1\n');
    expect(file('foreword.md')).toContain('chapter: foreword\n');
    expect(file('ch02.md')).toContain('# 2. The “Second” Chapter Has a Long Title\n');
  });

  it('joins, links notes and footnotes, and keeps the numbered list', () => {
    const ch1 = file('ch01.md');
    expect(ch1).toContain('THE TEXT begins with a sentence that was presented across a page.[^1] It goes on.[^a1] And then.');
    expect(ch1).toContain('1. Trotsky “firmly crushed the opposition.”\n\n2. Trotsky was a “leading figure.”');
    expect(ch1).toContain('Here the counter-revolutionary forces appear at 10\\:40.[^2]');
    expect(ch1).toContain('[^1]: *Pravda*, 1 May 1937.');
    expect(ch1).toContain('[^2]: *Tainaia istoriia prestuplenii* (Moscow: 1991), p. 5.');
    expect(ch1).toContain('[^a1]: The author’s own note.');
    expect(file('ch02.md')).toContain('::::epigraph\n:::verse\n*Once upon a time,*\n*Predicting in reverse.*\n:::\n— B. Pasternak\n::::');
    expect(file('ch02.md')).toContain('[^1]: Ibid., p. 7.');
    expect(result.report.problems).toEqual([]);
  });

  it('records every removal with its class and line, and the mechanical counts', () => {
    const classes = result.record.removals.map((r) => `${r.line} ${r.class}`);
    expect(classes).toEqual([
      '1 title-page',
      '3 title-page',
      '5 title-page',
      '7 publisher-address',
      '10 title-page',
      '12 contents',
      '14 contents',
      '61 name-index',
      '63 name-index',
      '65 name-index',
      '67 subject-index',
      '69 subject-index',
      '71 title-page',
      '73 title-page',
      '75 extraction-debris',
    ]);
    expect(result.record.counts).toMatchObject({
      'page-break-join': 2,
      'page-break-hyphen-dropped': 1,
      'page-break-hyphen-kept': 1,
      'notes-debris-repaired': 3,
      'note-refs-linked': 3,
      'author-footnotes-linked': 1,
      'epigraph-set': 1,
    });
  });
});
