/**
 * Ingester for the English Wikipedia article "Great Purge" (`000_0cac4423344c2256.txt`).
 *
 * The raw text is one single line: every paragraph and section break is lost, and the section
 * headings themselves are gone (not one of them survives as text). So the structure cannot be
 * found by rule; it is written down here as the article's outline (`OUTLINE`): the first words of
 * every paragraph, list item and quotation, in order, and the heading that opens a section. The
 * ingester cuts the running text at the whitespace before each anchor, in order, and checks that
 * each is found. The headings are the editors' (the only words it adds) and it writes them so,
 * `:supplied[…]`; a paragraph break that follows another paragraph is the editors' too, written
 * `:break` (the text shows one break, "families.National", by a space the extraction lost). The reference list, the
 * bibliography and the further reading are split into list items by a stated citation rule
 * (`splitCitations`), with the few exceptions listed.
 *
 * Removed and recorded: maintenance tags (`[citation needed]` …: class wiki-tag), the internal
 * pointer `(see § …)` (see-pointer), the page locator left over from a stripped reference marker
 * (`: 418`, extraction-debris) and the captions of the image gallery (caption).
 */
import type { Ingester, IngestResult, Removal } from './record.js';
import {
  type Counts,
  type Span,
  bump,
  escapeBlockStart,
  escapeRegExp,
  finishFile,
  frontMatter,
  indent,
  joinBlocks,
  makeRecord,
  quoteBlock,
  removeSpans,
  spansOf,
} from './common.js';

const ORIGINAL = '000_0cac4423344c2256.txt';

// ---------------------------------------------------------------------------------------------
// Removals

/**
 * Wikipedia's inline maintenance tags, as the rendered article shows them (words may be joined
 * by no-break spaces). Every one found is removed; a bracket not in this list is left alone
 * (`[and]`, `[kulaks]`, `[T]he` are the article's own interpolations).
 */
export const MAINTENANCE_TAGS = [
  'citation needed',
  'original research?',
  'neutrality is disputed',
  'according to whom?',
  'quantify',
  'better source needed',
  'permanent dead link',
  'dead link',
  'ISBN missing',
  'page needed',
  'when?',
  'who?',
  'by whom?',
  'which?',
  'clarification needed',
  'failed verification',
  'verification needed',
  'full citation needed',
  'unreliable source?',
  'self-published source?',
  'dubious – discuss',
  'disputed – discuss',
  'specify',
  'vague',
  'year needed',
  'not in citation given',
  'need quotation to verify',
];

/** The maintenance tags of `MAINTENANCE_TAGS` in `text`, as removal spans (class wiki-tag). */
export function maintenanceTagSpans(text: string): Span[] {
  const alternatives = MAINTENANCE_TAGS.map((t) => escapeRegExp(t).replace(/ /g, '[ \\u00a0]'));
  return spansOf(text, new RegExp(`\\[(?:${alternatives.join('|')})\\]`, 'g'), 'wiki-tag');
}

/** Internal pointers `(see § Section)`, with the space before them (class see-pointer). */
export function seePointerSpans(text: string): Span[] {
  return spansOf(text, / ?(\(see §[ \u00a0][^)]*\))/g, 'see-pointer', 1);
}

/**
 * The page locator of a reference marker whose marker was stripped (`text.[12]: 418` rendered,
 * then `[12]` lost, leaves `text.: 418` between hair spaces). Class extraction-debris.
 */
export function pageLocatorSpans(text: string): Span[] {
  return spansOf(text, /:\u200a[\dxivlc–,-]+\u200a/g, 'extraction-debris');
}

/**
 * The captions of the article's image gallery (section on memorials), which run into the text
 * between the last paragraph of that section and the first of the next. The pictures are not
 * part of the edition.
 */
export const GALLERY_CAPTIONS = [
  'The Kuropaty mass grave site near Minsk, Belarus',
  'The Krasny Bor memorial cemetery near Petrozavodsk, Russia',
  'A memorial to Polish victims of Stalinist repression, Tomsk, Russia',
  'A monument to victims of political repressions in Rutchenkove settlement, part of Donetsk, Ukraine',
  'A memorial to victims of Stalinist repression in Tomsk, Russia',
  'The monumental slab at the entrance to the Sandarmokh burial grounds reads: "People! do not kill one another", Russia',
];

/** Each caption of `captions` (each must occur exactly once), with the space after it (class caption). */
export function captionSpans(text: string, captions: string[]): Span[] {
  return captions.map((c) => {
    const at = text.indexOf(c);
    if (at === -1 || text.indexOf(c, at + 1) !== -1) throw new Error(`caption not found exactly once: ${c}`);
    const end = at + c.length + (text[at + c.length] === ' ' ? 1 : 0);
    return { start: at, end, class: 'caption' as const, text: c };
  });
}

// ---------------------------------------------------------------------------------------------
// The outline

/**
 * What starts at an anchor: a paragraph, a list item, a paragraph of a block quotation, a
 * quotation inside the preceding list item, or a run of citations to be split into list items.
 */
export type UnitKind = 'p' | 'li' | 'quote' | 'li-quote' | 'cite';

export interface Anchor {
  /** The first words of the unit, exactly as in the text after the removals. */
  at: string;
  kind: UnitKind;
  /** The section heading that opens before this unit. */
  heading?: [2 | 3, string];
}

/** An anchor opening a paragraph (after `heading`, if given). */
const p = (at: string, heading?: [2 | 3, string]): Anchor => ({ at, kind: 'p', heading });
/** An anchor opening a list item. */
const li = (at: string, heading?: [2 | 3, string]): Anchor => ({ at, kind: 'li', heading });
/** An anchor opening a paragraph of a block quotation. */
const quote = (at: string): Anchor => ({ at, kind: 'quote' });

/**
 * The article's outline. Every heading is the editors' (none survives in the copy): the text's
 * pointer "(see § Number of people executed)" gives one; the others are named after the article's
 * sections as far as the editors could reconstruct them, not checked against the revision the copy
 * was made from. Paragraph breaks were chosen by reading: each falls at a sentence end (one,
 * "families.National", where the extraction dropped the space), and quotations follow their
 * introducing words ("…wrote", "…saying:").
 */
export const OUTLINE: Anchor[] = [
  p('The Great Purge, or the Great Terror'),
  p('Following the death of Vladimir Lenin in 1924'),
  p('The purges were largely conducted by the NKVD'),
  p('While the Soviet government desired to put Trotsky on trial'),

  p('The term repression was officially used', [2, 'Background']),
  p('Most public attention was focused on the purge'),
  p("According to Nikita Khrushchev's 1956 speech"),
  p('The Great Purge began under NKVD chief Genrikh Yagoda'),
  p('From 1930 onwards, the Party and police officials'),
  p("According to Joseph Stalin's interpreter"),
  p('The term "purge" in Soviet political slang'),
  p('According to an October 1993 study'),
  p('The political purge was primarily an effort'),
  p('The Ryutin affair seemed to vindicate'),
  p('As the purges began, the government'),
  p('In 1934, Stalin used the murder of Sergey Kirov'),
  p('Another justification for the purge'),
  p('From the October Revolution onward'),
  p('A distinctive feature of the Great Purge'),
  p('Soviet historians organize the Great Purge'),
  li('1936, the first Moscow trial.'),
  li('1937, introduction of NKVD troikas'),
  li('1937, passage of Article 58-14'),
  li('1937, the second Moscow trial'),
  li('1937, the military purge.'),
  li('1938, the third Moscow trial.'),

  p('Between 1936 and 1938, three very large Moscow trials', [2, 'Moscow trials']),
  p('The first trial was of 16 members'),
  p('The second trial in January 1937'),
  p('There was also a secret trial before a military tribunal'),
  p('It is now known that the confessions'),
  p('Zinoviev and Kamenev demanded'),
  p('In May 1937, the Commission of Inquiry', [3, 'Dewey Commission']),
  p('The Dewey Commission later published its findings'),
  quote('Independent of extrinsic evidence'),
  quote('That the conduct of the Moscow Trials'),
  quote('That while confessions are necessarily'),
  quote('That Trotsky never instructed'),
  p('The commission concluded:'),
  p('In the second trial, Karl Radek testified'),
  quote('I feel guilty of one thing more'),
  p('The third and final trial, in March 1938', [3, 'Third Moscow trial']),
  p('The fact that Yagoda was one of the accused'),
  p('No other crime of the Stalin years'),
  p('On the first day of trial, Krestinsky'),
  p("Bukharin's confession in particular became"),
  quote('[T]he monstrousness of my crime'),
  p('Romain Rolland and others wrote to Stalin'),

  p('On 2 July 1937, in a top secret order', [2, 'Kulak Operation']),
  p('On 30 July 1937, the NKVD Order'),
  p('The following categories appear to have been'),
  p('However, a large number of people were arrested at random'),
  p('The Orthodox clergy, including active parishioners'),
  p('Particularly vulnerable to repression'),
  p('To carry out the mass arrests'),
  p('After the interrogations the files'),
  p('The "Kulak Operation" was the largest single campaign'),

  p('A series of mass operations of the NKVD was carried out', [2, 'National operations']),
  p('The wives and children of those arrested'),
  p('National operations of the NKVD were conducted on a quota system'),
  p('According to Timothy Snyder, ethnic Poles'),
  p('Lev Kopelev wrote'),
  p('Concerning diaspora minorities'),
  p('Some scholars have called the National operations'),

  p('The purge of the Red Army and Military Maritime Fleet', [2, 'Purge of the army']),
  p('The purge of the army was claimed to be supported'),
  p('The purge had a significant effect on German decision making'),
  p('Russian Trotskyist historian, Vadim Rogovin'),
  p('According to historian Eric D. Weitz'),

  p('Eventually almost all of the Bolsheviks', [2, 'Wider purge']),
  p('While being the most visible part'),
  p('The victims were executed at night, either in prisons'),
  p('Those who perished during the Great Purge include:', [3, 'Intelligentsia']),
  li('Theoretical physicist Matvei Bronstein'),
  li('Experimental physicist Lev Shubnikov'),
  li('Soviet economist Nikolai Kondratiev'),
  li('Astronomer Boris Numerov'),
  li('Soviet engineer and inventor Ivan Kleymyonov'),
  li('Soviet astrophysicist and astronomer, Boris Gerasimovich'),
  li('Soviet engineer and chariman of the Supreme Council'),
  li('Poet Aleksei Gastev'),
  li('Jewish German mathematican Fritz Noether'),
  li('Poet Osip Mandelstam was arrested'),
  li('Writer Isaac Babel was arrested'),
  li('Writer Boris Pilnyak was arrested'),
  li('Theatre director Vsevolod Meyerhold'),
  { at: 'The investigators began to use force on me', kind: 'li-quote' },
  li('Georgian poet Titsian Tabidze'),
  li("Tabidze's lifelong friend and fellow poet"),
  li('In early 1937, poet Pavel Nikolayevich Vasiliev'),
  li('Jan Sten, philosopher and deputy head'),
  li('David Riazanov, Soviet historian'),
  li('Poet Nikolai Klyuev was arrested'),
  li('Russian linguist Nikolai Durnovo'),
  li('Mari poet and playwright Sergei Chavain'),
  li('Ukrainian theater and movie director Les Kurbas'),
  li('Russian writer and explorer Maximilian Kravkov'),
  li('Russian Esperanto writer and translator Nikolai Nekrasov'),
  li('Another Esperanto writer Vladimir Varankin'),
  li('Playwright and avant-garde poet Nikolay Oleynikov'),
  li('Yakut writer Platon Oyunsky'),
  li('Russian dramaturge Adrian Piotrovsky'),
  li('Boris Shumyatsky, de facto executive producer'),
  li('Sinologist Julian Shchutsky'),
  li('Russian linguist Nikolai Nevsky'),
  li('Ukrainian drama writer Mykola Kulish'),
  p('After sunspot development research'),
  p('Victims of the terror included American immigrants'),
  p('In addition, 141 American Communists'),
  p('Political prisoners already serving a sentence'),
  p('During the late 1930s, Stalin dispatched NKVD operatives', [3, 'Mongolia']),
  p('The pro-Soviet leader Sheng Shicai', [3, 'Xinjiang']),

  p('The Great Purge of 1936–1938 can be roughly divided', [2, 'End of the Great Purge']),
  li('October 1936 – February 1937'),
  li('March – June 1937'),
  li('July 1937 – October 1938'),
  li('November 1938 – 1939'),
  p('In the summer of 1938, Yezhov was relieved'),
  p('When Yezhov was executed, Stalin claimed'),
  p('Aleksandr Solzhenitsyn (a Soviet Army officer'),
  p('In some cases, high military command'),
  p('When the relatives of those who had been executed'),

  p('Although the trials of former Soviet leaders', [2, 'Western reactions']),
  p('According to Robert Conquest in his 1968 book'),
  p('The American journalist H. R. Knickerbocker'),
  p('Evidence and the results of research'),

  p('The Great Purge was denounced by Soviet leader', [2, 'Rehabilitation']),
  p('Starting from 1954, some of the convictions'),
  p('The book Rehabilitation: The Political Processes'),

  p('Official figures put the total number', [2, 'Number of people executed']),
  p('According to Robert Conquest, a practice of falsification'),
  p('According to J. Arch Getty and Oleg'),
  p('According to historian Corrina Kuhr'),
  p('The Soviets themselves made their own estimates'),

  p('Historians with archival access', [2, "Stalin's involvement"]),
  p("Besides signing Yezhov's lists"),
  p('Stalin also signed 357 lists'),
  p('It is quite possible that Yezhov misled Stalin'),
  p('Stephen G. Wheatcroft posits'),
  quote('Stalin undoubtedly caused many innocent people'),

  p('At least two Soviet commissions', [2, 'Soviet investigation commissions']),
  p('The second commission largely worked'),
  quote('Stalin committed a very grave crime'),
  p('Molotov stated "We would have been'),

  p('In the late 1980s, with the formation of the Memorial Society', [2, 'Memorials']),
  p('Following the collapse of the Soviet Union, many more mass graves'),
  p('On 30 October 2017, President Vladimir Putin'),
  p('In August 2021, a mass grave'),

  p('The Great Purge has provoked numerous debates', [2, 'Historiography']),
  p('According to historian James Harris'),
  quote('So what was the motivation behind the Terror?'),
  p('Two major lines of interpretation'),
  p('Peter Whitewood examines the first purge'),
  p('Robert W. Thurston reports'),

  li('Leningrad affair', [2, 'See also']),
  li('Anti-Rightist Campaign'),
  li('Excess mortality in the Soviet Union under Joseph Stalin'),
  li('Index of Soviet Union-related articles'),
  li('Timeline of the Great Purge'),
  li('History of the Soviet Union (1927–1953)'),
  li('Armenian victims of the Great Purge'),
  li('Family members of traitors to the Motherland'),
  li('Orphans in the Soviet Union#Children'),
  li('Mass killings under communist regimes'),
  li('Lustration'),
  li('Stalinist repressions in Azerbaijan'),

  { at: 'Kuhr, Corinna (1998).', kind: 'cite', heading: [2, 'References'] },
  { at: 'Andrew, Christopher; Mitrokhin, Vasili', kind: 'cite', heading: [2, 'Bibliography'] },
  { at: 'A. Artizov, Yu. Sigachev', kind: 'cite', heading: [2, 'Further reading'] },

  li('Media related to Great Purge at Wikimedia Commons', [2, 'External links']),
  li('The Case of Bukharin'),
  li('Actual video footage from Third Moscow Trial'),
  li('Nicolas Werth Case Study'),
  li('"Documenting the Death Toll'),
];

/**
 * Paragraph breaks the copy itself shows (a sentence run into the next without a space, where the
 * extraction lost a break): not the editors' conjecture.
 */
export const EVIDENT_BREAKS = ['National operations of the NKVD were conducted on a quota system'];

/** A unit of the text: what an anchor starts, up to the next anchor. */
export interface Unit {
  kind: UnitKind;
  text: string;
  heading?: [2 | 3, string];
}

/**
 * Cut `text` into units at the anchors of `outline`, in order: each anchor is searched from the
 * end of the previous one; the first must stand at the very start. An anchor not found is an error
 * (the outline no longer fits the text).
 */
export function cutAtAnchors(text: string, outline: Anchor[]): Unit[] {
  const starts: number[] = [];
  let from = 0;
  for (const [i, a] of outline.entries()) {
    const at = text.indexOf(a.at, from);
    if (at === -1) throw new Error(`outline anchor not found after offset ${from}: ${JSON.stringify(a.at)}`);
    if (i === 0 && text.slice(0, at).trim() !== '') throw new Error(`text before the first anchor: ${JSON.stringify(a.at)}`);
    starts.push(at);
    from = at + a.at.length;
  }
  return outline.map((a, i) => ({
    kind: a.kind,
    heading: a.heading,
    text: text.slice(starts[i], i + 1 < starts.length ? starts[i + 1] : undefined).trim(),
  }));
}

// ---------------------------------------------------------------------------------------------
// The citation rule

const MONTH = '(?:January|February|March|April|May|June|July|August|September|October|November|December)';
const DATE = `(?:\\d{4}|\\d{1,2} ${MONTH} \\d{4}|${MONTH}(?:–${MONTH})? \\d{4})`;
/** A capitalised word with a lower-case letter (not an acronym such as `СССР`). */
const WORD = "\\p{Lu}[\\p{L}\\p{M}'’ʹ-]*\\p{Ll}[\\p{L}\\p{M}'’ʹ-]*";
/** A given name or an initial (`J.`, `H.R.`). */
const NAME = "\\p{Lu}[\\p{L}\\p{M}'’ʹ-]*\\.?";
const SURNAME = `${WORD}(?: ${WORD}){0,2}`;
const GIVEN = `${NAME}(?: ?${NAME}){0,3}(?: de)?`;
const AUTHOR = `${SURNAME}, ${GIVEN}(?: \\([^()]{1,40}\\))?`;
/** Words that open a title or a phrase, not an author's given name. */
const NOT_A_NAME = '(?:The|In|A|An|On|Of|For|From|At|By|Quoted|According|Later|This|Original|Archived|Retrieved|See)\\b';
/** Words of an institution, not of a person. */
const INSTITUTION = '(?:Press|University|Books|Institute|Institution|Journal|Review|Studies|Archive|Library|Museum|Society|Academy|Network|Company)\\b';
/** A Unicode regular expression that matches only at `lastIndex`. */
const sticky = (src: string) => new RegExp(src, 'uy');

/** `Surname, Given (date)` or several authors `; `-joined: a strong start, after any item end. */
const AUTHOR_DATE = sticky(`${AUTHOR}(?:; ${AUTHOR}){0,4}(?:, eds?\\.)? \\(${DATE}\\)`);
/** `Surname, Given. Title` / `Surname, Given. 2000.` / `Surname, Given. "Title"`. */
const AUTHOR_DOT = sticky(`(?!${MONTH})${AUTHOR}\\. (?:"|\\d{4}\\.|\\p{Lu})`);
/** A short citation: `Conquest 2008, p. 53.`, `Courtois 1999.`, `Haynes & Klehr 2003`, `Rogovin (1998), pp.`. */
const SHORT = sticky(`(?!${MONTH})${WORD}(?: (?:&|and) ${WORD})? (?:\\d{4}[a-z]?(?:, pp?\\.|\\.|,)|\\(\\d{4}\\), pp?\\.)`);
/** `——`: the same author as the item above. */
const SAME_AUTHOR = sticky('——');
/** A quoted title opening an item. */
const QUOTED = sticky('"[^"\\s]');
/** `Given Surname (date)`. */
const NAME_DATE = sticky(`(?!${MONTH}\\b|${NOT_A_NAME})(?:${NAME} ){1,3}${WORD} \\(${DATE}\\)`);
/** `Given Surname, …` / `Given Surname and …` (not an institution, not a place `New Haven, CT`). */
const NAME_COMMA = sticky(
  `(?!${MONTH}\\b|${NOT_A_NAME})(?!(?:${WORD} ){0,3}${INSTITUTION})(?!(?:${WORD} ){0,2}${WORD}, \\p{Lu}{2}\\b)(?:${NAME} ){1,3}${WORD}(?:, | and ${WORD})`,
);

/** The end of an item: a full stop, bracket, parenthesis, quote or digit. */
const ITEM_END = /(?:[.\])"”]|\d)$/;
/** The end of an item that a bare name may follow: a number (page, ISBN, date), a quote or `PDF file`. */
const NUMBER_END = /(?:\d\.?|\bp\.[ \u00a0][ivxlc]+\.?|["”]|PDF file)$/;
/** Never a boundary after an initial or an abbreviation. */
const ABBREVIATION = /(?:\b\p{Lu}\.|\b(?:p|pp|No|Vol|ed|eds|acad|lit|Conn|Univ|al|dir|Mr|Yu|vs)\.)$/u;
/** Date in parentheses just before: the item has its author and year, its title follows. */
const AUTHOR_YEAR_END = new RegExp(`(?:\\(${DATE}\\)|\\[\\d{4}\\])\\.$`);
/** An item that is so far only its author(s), perhaps with the year: `Broué, Pierre.`, `Hagenloh, Paul. 2000.` */
const AUTHOR_ONLY = /^[^"\d]*(?:\d{4}\.)?$/;

/** Whether the sticky `re` matches `text` at `i`. */
const at = (re: RegExp, text: string, i: number) => {
  re.lastIndex = i;
  return re.test(text);
};

/**
 * Whether a new citation starts at `i` (just after a space) in `text`, given the current item so
 * far. The rule:
 *   - a listed start (`extra`) always starts an item;
 *   - `Surname, Given (date)` and `——` start an item after anything but `,` `;` `:`;
 *   - after an item end (`.`, `)`, `]`, a quote or a digit), not after an initial or abbreviation:
 *     `Surname, Given. …`, a short citation `Conquest 2008, p. 53.`, `Given Surname (date)`;
 *     a quoted title, unless the item so far is only its author (no quote, no number but a final
 *     year) or ends with its date `(1998).`;
 *   - `Given Surname, …` only after a number (page, ISBN, `p. xix`), a quote or `PDF file`.
 * Listed non-starts (`never`) are never a boundary.
 */
export function startsCitation(text: string, i: number, item: string, extra: string[], never: string[]): boolean {
  if (never.some((s) => text.startsWith(s, i))) return false;
  if (extra.some((s) => text.startsWith(s, i))) return true;
  if (/[,;:]$/.test(item)) return false;
  if (at(AUTHOR_DATE, text, i) || at(SAME_AUTHOR, text, i)) return true;
  if (ABBREVIATION.test(item)) return false;
  if (!ITEM_END.test(item)) return NUMBER_END.test(item) && at(NAME_COMMA, text, i);
  if (at(AUTHOR_DOT, text, i) || at(SHORT, text, i) || at(NAME_DATE, text, i)) return true;
  if (at(QUOTED, text, i)) return !(AUTHOR_ONLY.test(item) || AUTHOR_YEAR_END.test(item));
  return at(NAME_COMMA, text, i) && NUMBER_END.test(item);
}

/**
 * Items the rule does not find by itself (a note opening with a phrase, a corporate author, a
 * title used as author), and starts it would wrongly find.
 */
export const CITATION_STARTS = [
  'Conquest 2008, p. 53.',
  'Н.В.Петров, А.Б.Рогинский.',
  'In Russian historiography, the period',
  "People's Comissariat of Justice of the U.S.S.R. (1938)",
  'Kotkin, Stephen, Stalin',
  'British Embassy Report',
  'Report by Viscount Chilston',
  'Caxtonian, Collecting Mandelstam',
  'The Independent, "The History of Hell"',
  'N.G. Okhotin; A.B. Roginsky.',
  'Oleg V. Khlevniuk. Master of the House',
  'Getty & Naumov, The Road to Terror',
  'Quoted in Dmitri Volkogonov',
  'Pultz, David, dir.',
];
export const CITATION_NON_STARTS = ['Michigan State University Press'];

/** Split a run of citations into its items by `startsCitation`. */
export function splitCitations(text: string, extra = CITATION_STARTS, never = CITATION_NON_STARTS): string[] {
  const items: string[] = [];
  let start = 0;
  for (let i = text.indexOf(' '); i !== -1; i = text.indexOf(' ', i + 1)) {
    if (startsCitation(text, i + 1, text.slice(start, i), extra, never)) {
      items.push(text.slice(start, i));
      start = i + 1;
    }
  }
  items.push(text.slice(start));
  return items.map((s) => s.trim()).filter(Boolean);
}

// ---------------------------------------------------------------------------------------------
// Rendering

/** A list item: `- text`, with further blocks (a quotation) indented under it. */
function listItem(blocks: string[]): string {
  const [first = '', ...rest] = blocks;
  return [`- ${escapeBlockStart(first)}`, ...rest.map((b) => indent(b, 2))].join('\n\n');
}

/** A list; loose (blank lines between items) when an item has more than one block. */
function list(items: string[][]): string {
  return items.map(listItem).join(items.some((b) => b.length > 1) ? '\n\n' : '\n');
}

/**
 * The units as Markdown blocks: a heading before the unit that carries it; consecutive `li`
 * (with their `li-quote`) as one list; consecutive `quote` as one block quotation; a `cite` unit
 * as a list of its citations.
 */
export function renderUnits(units: Unit[], counts: Counts): string[] {
  const blocks: string[] = [];
  let items: string[][] = [];
  let quotes: string[] = [];
  const flush = () => {
    if (items.length) blocks.push(list(items));
    if (quotes.length) blocks.push(quoteBlock(quotes.join('\n\n')));
    items = [];
    quotes = [];
  };
  let previous: UnitKind | 'heading' | undefined;
  for (const u of units) {
    if (u.heading) {
      flush();
      blocks.push(`${'#'.repeat(u.heading[0])} :supplied[${u.heading[1]}]`);
      bump(counts, 'heading-restored');
      previous = 'heading';
    }
    // A paragraph after a paragraph: the break between them is the editors' (unless the copy shows it).
    const conjectural = u.kind === 'p' && previous === 'p' && !EVIDENT_BREAKS.some((e) => u.text.startsWith(e));
    previous = u.kind;
    if (u.kind === 'li-quote') {
      const last = items.at(-1);
      if (!last) throw new Error(`quotation outside a list item: ${u.text.slice(0, 40)}`);
      last.push(quoteBlock(escapeBlockStart(u.text)));
      bump(counts, 'block-quotation-restored');
      continue;
    }
    if (u.kind !== 'li' && items.length) flush();
    if (u.kind !== 'quote' && quotes.length) flush();
    if (u.kind === 'p') {
      blocks.push(conjectural ? `:break ${u.text}` : escapeBlockStart(u.text));
      bump(counts, 'paragraph-restored');
    } else if (u.kind === 'quote') {
      if (!quotes.length) bump(counts, 'block-quotation-restored');
      quotes.push(escapeBlockStart(u.text));
    } else if (u.kind === 'li') {
      items.push([u.text]);
      bump(counts, 'list-item-restored');
    } else {
      const cites = splitCitations(u.text);
      blocks.push(list(cites.map((c) => [c])));
      bump(counts, 'list-item-restored', cites.length);
    }
  }
  flush();
  return blocks;
}

// ---------------------------------------------------------------------------------------------

/** Front matter: the article's title, Wikipedia's attribution and licence. */
const FRONT_MATTER = frontMatter([
  { key: 'title', value: 'Great Purge' },
  { key: 'author', value: 'Wikipedia contributors' },
  { key: 'publisher', value: 'Wikipedia, The Free Encyclopedia' },
  {
    key: 'date',
    comment: 'not shown in the text (no revision date; its latest access dates are of February 2023)',
  },
  { key: 'kind', value: 'encyclopedia article' },
  { key: 'licence', value: 'CC BY-SA 4.0', comment: 'per the seeds README (CC BY-SA); the text itself carries no licence line' },
  { key: 'original', value: ORIGINAL },
  { key: 'language', value: 'en' },
  {
    key: 'editors_note',
    value:
      'The copy of this article had lost its title, its headings and its paragraphing: the whole article ran on as one line. The title and the headings, in square brackets, are the editors’. One heading, “Number of people executed”, the article names itself; the others follow the article’s sections as far as the editors could reconstruct them and have not been checked against the revision the copy was made from. The paragraph breaks marked ¶ are the editors’ too, each placed at the end of a sentence by reading; so are the lists and block quotations, set where the words show them (a list of names, a quotation introduced by “wrote”).',
  },
]);

/** The whole ingest: removals, the outline, rendering, typography. */
function ingest(raw: string): IngestResult {
  const removals: Removal[] = [];
  const counts: Counts = {};
  const spans = [
    ...maintenanceTagSpans(raw),
    ...seePointerSpans(raw),
    ...pageLocatorSpans(raw),
    ...captionSpans(raw, GALLERY_CAPTIONS),
  ];
  const text = removeSpans(raw, spans, removals, counts);
  const body = joinBlocks(['# :supplied[Great Purge]', ...renderUnits(cutAtAnchors(text, OUTLINE), counts)]);
  return {
    files: [{ path: 'wikipedia.md', content: finishFile(FRONT_MATTER, body, counts) }],
    recordPath: 'wikipedia.ingest.yaml',
    record: makeRecord(ORIGINAL, counts, removals),
  };
}

export const wikipedia: Ingester = { original: ORIGINAL, ingest };
