/**
 * Find the mentions of named things (persons, trials, glossary terms) in a text: every form of
 * every entity, case-sensitive, whole words only, the longest match winning where forms overlap.
 * Quotes, apostrophes and dashes are compared without regard to their typographic form, so that
 * a form written with straight quotes finds the text's curly ones. Possessives come for free
 * ("Stalin’s" is "Stalin" followed by ’s). A phrase an entity lists as `not` (a street named
 * after a person) keeps that entity, and only that one, from matching inside it.
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
  /** Entity ids. */
  ids: string[];
}

export class Matcher {
  /** Forms, and `not` phrases, by their first word, longest first. */
  private readonly forms = new Map<string, Candidate[]>();
  private readonly nots = new Map<string, Candidate[]>();

  constructor(entities: Entity[]) {
    const collect = (pick: (e: Entity) => string[] | undefined) => {
      const byForm = new Map<string, Set<string>>();
      for (const e of entities) {
        for (const f of pick(e) ?? []) {
          const key = normalize(f.trim());
          if (key) byForm.set(key, (byForm.get(key) ?? new Set()).add(e.id));
        }
      }
      const index = new Map<string, Candidate[]>();
      for (const [form, ids] of byForm) {
        const first = form.match(WORD)?.[0];
        if (!first) continue;
        index.set(first, [...(index.get(first) ?? []), { form, lead: form.indexOf(first), ids: [...ids] }]);
      }
      for (const list of index.values()) list.sort((a, b) => b.form.length - a.form.length);
      return index;
    };
    for (const [k, v] of collect((e) => e.forms)) this.forms.set(k, v);
    for (const [k, v] of collect((e) => e.not)) this.nots.set(k, v);
  }

  /** Leftmost-longest occurrences of the candidates in `norm`, whole words only. */
  private scan(norm: string, index: Map<string, Candidate[]>, overlap: boolean): { start: number; end: number; ids: string[] }[] {
    const out: { start: number; end: number; ids: string[] }[] = [];
    let consumedTo = 0;
    for (const word of norm.matchAll(WORD)) {
      const at = word.index;
      if (!overlap && at < consumedTo) continue;
      for (const c of index.get(word[0]) ?? []) {
        const start = at - c.lead;
        if ((!overlap && start < consumedTo) || start < 0) continue;
        const end = start + c.form.length;
        if (norm.slice(start, end) !== c.form) continue;
        if (isWordChar(norm[start - 1]) && isWordChar(c.form[0])) continue;
        if (isWordChar(norm[end]) && isWordChar(c.form.at(-1))) continue;
        out.push({ start, end, ids: c.ids });
        consumedTo = end;
        break;
      }
    }
    return out;
  }

  find(text: string): Match[] {
    const norm = normalize(text);
    const excluded = this.scan(norm, this.nots, true);
    const matches: Match[] = [];
    for (const m of this.scan(norm, this.forms, false)) {
      // An entity does not match inside one of its own `not` phrases.
      const ids = m.ids.filter((id) => !excluded.some((x) => x.ids.includes(id) && x.start <= m.start && m.end <= x.end));
      if (ids.length) matches.push({ start: m.start, end: m.end, text: text.slice(m.start, m.end), ids });
    }
    return matches;
  }
}
