/**
 * Find the mentions of named things (persons, trials, glossary terms) in a text: every form of
 * every entity, case-sensitive, whole words only, the longest match winning where forms overlap.
 * Quotes, apostrophes and dashes are compared without regard to their typographic form, so that
 * a form written with straight quotes finds the text's curly ones. Possessives come for free
 * ("Stalin’s" is "Stalin" followed by ’s). Phrases an entity lists as `not` (a street named
 * after a person) are matched too, and swallow what they contain.
 *
 * Knows nothing of trees or files: text in, matches out.
 */

export interface Entity {
  id: string;
  forms: string[];
  not?: string[];
}

export interface Match {
  start: number;
  end: number;
  /** The text matched. */
  text: string;
  /** Entities this form belongs to: one, or several for a shared form (homonyms). */
  ids: string[];
}

const WORD = /[\p{L}\p{N}]+/gu;
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** One character for one character, so that offsets stay valid. */
export function normalize(text: string): string {
  return text.replace(/[‘’ʼ′]/g, "'").replace(/[“”″]/g, '"').replace(/[–—‑]/g, '-').replace(/\u00a0/g, ' ');
}

interface Candidate {
  form: string;
  /** Offset of the form's first word inside the form. */
  lead: number;
  /** Entity ids; empty for a `not` phrase. */
  ids: string[];
}

export class Matcher {
  /** Candidates by their first word, longest first. */
  private readonly byFirstWord = new Map<string, Candidate[]>();

  constructor(entities: Entity[]) {
    const byForm = new Map<string, Set<string>>();
    const add = (form: string, id: string | undefined) => {
      const key = normalize(form.trim());
      if (!key) return;
      const ids = byForm.get(key) ?? new Set<string>();
      if (id) ids.add(id);
      byForm.set(key, ids);
    };
    for (const e of entities) {
      for (const f of e.forms) add(f, e.id);
      for (const n of e.not ?? []) add(n, undefined);
    }
    for (const [form, ids] of byForm) {
      const first = WORD.exec(form);
      WORD.lastIndex = 0;
      if (!first) continue;
      const list = this.byFirstWord.get(first[0]) ?? [];
      list.push({ form, lead: first.index, ids: [...ids] });
      this.byFirstWord.set(first[0], list);
    }
    for (const list of this.byFirstWord.values()) list.sort((a, b) => b.form.length - a.form.length);
  }

  find(text: string): Match[] {
    const norm = normalize(text);
    const matches: Match[] = [];
    let consumedTo = 0;
    for (const word of norm.matchAll(WORD)) {
      const at = word.index;
      if (at < consumedTo) continue;
      const candidates = this.byFirstWord.get(word[0]);
      if (!candidates) continue;
      for (const c of candidates) {
        const start = at - c.lead;
        if (start < consumedTo || start < 0) continue;
        const end = start + c.form.length;
        if (norm.slice(start, end) !== c.form) continue;
        if (isWordChar(norm[start - 1]) && isWordChar(c.form[0])) continue;
        if (isWordChar(norm[end]) && isWordChar(c.form.at(-1))) continue;
        if (c.ids.length) matches.push({ start, end, text: text.slice(start, end), ids: c.ids });
        consumedTo = end;
        break;
      }
    }
    return matches;
  }
}
