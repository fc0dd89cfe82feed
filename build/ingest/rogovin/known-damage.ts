/**
 * Damage in the Rogovin text that no general rule can tell from the book's own words,
 * found by reading the data. Each entry names the evidence; the rules that use these lists
 * are general (a facsimile span is removed like any facsimile, a restored footnote marker is
 * linked like any other).
 */

export interface FacsimileSpan {
  /** Start of the first line of the facsimile's OCR. */
  first: string;
  /** Start of its last line. */
  last: string;
  evidence: string;
}

/** Facsimiles whose OCR is clean English and so looks like the book's own paragraphs. */
export const facsimileSpans: FacsimileSpan[] = [
  {
    first: 'EX-NKVD GENERAL IS FINALLY FREE TO DISCLOSE',
    last: 'Stalin had fabricated charges of trea-',
    evidence:
      'Chapter 54: the text of the Life article reproduced on the page ("by ALEXANDER ORLOV", "he explains why on ' +
      'page 13"), set between "telling about his meeting in the fall of 1937 in" and its continuation "Paris with ' +
      'Stalin\'s brother-in-law"; its caption is "Orlov\'s article in *Life* magazine".',
  },
];

export interface LostMarker {
  /** Start of the author's footnote (without its `* `). */
  footnote: string;
  /** The reference goes right after this text, in the same chapter. */
  after: string;
  evidence: string;
}

/**
 * Author's footnotes whose asterisk the extraction lost (three of four stood after a note
 * number: `¹³*` came out as `¹³`). The marker is restored where the footnote's subject is.
 */
export const lostMarkers: LostMarker[] = [
  {
    footnote: 'In the Politburo resolution, "On Airplane Flights',
    after: 'Please forgive me for the violation."¹³',
    evidence: 'Chapter 10: the footnote explains the "violation" of Bukharin\'s telegram (flying without permission).',
  },
  {
    footnote: 'As monstrous as it is, the program of the KPRF',
    after: 'as the last means of those who are doomed.”¹²',
    evidence: 'Chapter 34: the footnote compares the KPRF programme to Stalin\'s "theory" of the sharpening class struggle quoted here.',
  },
  {
    footnote: 'O. Scheflo was one of the leaders',
    after: 'who make their living by slandering the working class of the USSR.”¹³',
    evidence: 'Chapter 34: the footnote identifies Scheflo, Souvarine, Fischer, Maslow and Eastman, named in this quotation.',
  },
  {
    footnote: 'In the spirit of the Stalinist tradition which called',
    after: 'who called the POUM a "Trotskyist party,"',
    evidence: 'Chapter 42: the footnote is about calling the POUM "Trotskyist".',
  },
];

export interface ProseLine {
  /** Start of the line. */
  text: string;
  evidence: string;
}

/**
 * First lines of paragraphs that the rules take for captions: short, next to a picture, and
 * continued after the picture by a capitalized word, so nothing in their shape tells them apart.
 */
export const notCaptions: ProseLine[] = [
  {
    text: 'At hearings before the Senate Subcommittee on Internal Security, Lola',
    evidence: 'Chapter 7: the sentence goes on after two captions: "Estrine (who changed her name … to Dallin) testified".',
  },
];
