/**
 * How locators print. A locator is a folio of the print edition: duplicates merge and
 * consecutive pages become ranges (45–47). In the EPUB the same folios link to the exact
 * mention (the first on that page). Without a page map (an EPUB built on its own, with none
 * saved), the EPUB numbers its mentions instead.
 */
import type { ElementContent } from 'hast';
import { h } from 'hastscript';
import type { Locator } from '../book/mentions.js';

/** Where a locator's anchor landed: its folio, or nothing when no page map is at hand. */
export type Locate = (anchor: string) => string | undefined;

export type Medium = 'print' | 'epub';

export interface LocatorRange {
  label: string;
  /** The mention the range starts at. */
  anchor: string;
}

const isArabic = (f: string) => /^\d+$/.test(f);

/** Folios in book order, without duplicates, consecutive arabic ones as ranges. */
export function folioRanges(located: { folio: string; anchor: string }[]): LocatorRange[] {
  const seen = new Set<string>();
  const unique = located.filter((l) => !seen.has(l.folio) && seen.add(l.folio));
  const out: LocatorRange[] = [];
  let i = 0;
  while (i < unique.length) {
    const first = unique[i]!;
    let last = first;
    while (i + 1 < unique.length && isArabic(last.folio) && isArabic(unique[i + 1]!.folio) && Number(unique[i + 1]!.folio) === Number(last.folio) + 1) {
      last = unique[++i]!;
    }
    out.push({ label: first === last ? first.folio : `${first.folio}–${last.folio}`, anchor: first.anchor });
    i++;
  }
  return out;
}

export function locatorRanges(locators: Locator[], locate: Locate): LocatorRange[] {
  const located = locators.map((l) => ({ folio: locate(l.anchor), anchor: l.anchor }));
  if (located.some((l) => l.folio === undefined)) return locators.map((l, i) => ({ label: String(i + 1), anchor: l.anchor }));
  return folioRanges(located as { folio: string; anchor: string }[]);
}

/** The locators of one (sub-)entry, separated by commas: text in print, links in the EPUB. */
export function renderLocators(locators: Locator[], medium: Medium, locate: Locate): ElementContent[] {
  const parts: ElementContent[] = [];
  for (const r of locatorRanges(locators, locate)) {
    if (parts.length) parts.push({ type: 'text', value: ', ' });
    parts.push(medium === 'print' ? { type: 'text', value: r.label } : h('a', { href: `#${r.anchor}`, className: ['locator'] }, r.label));
  }
  return parts;
}
