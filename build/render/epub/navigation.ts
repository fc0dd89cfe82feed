/**
 * The EPUB's navigation: a nested table of contents (parts → texts → chapters), landmarks,
 * the page-list of the print edition, and the EPUB 2 NCX for older reading systems.
 */
import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import type { Unit } from '../../manuscript/units.js';
import { type UnitNode, unitTree } from '../../book/unit-tree.js';

export interface NavEntry {
  title: string;
  href: string;
  children: NavEntry[];
}

export interface Landmark {
  type: string;
  title: string;
  href: string;
}

export interface PageTarget {
  label: string;
  href: string;
}

export function navTree(units: Unit[], fileOf: (unitId: string) => string): NavEntry[] {
  const entry = (n: UnitNode): NavEntry => ({ title: n.title, href: fileOf(n.unit.id), children: n.children.map(entry) });
  return unitTree(units).map(entry);
}

const stringify = (node: Element) => unified().use(rehypeStringify, { closeSelfClosing: true }).stringify({ type: 'root', children: [node] });

export function tocHtml(entries: NavEntry[]): string {
  const list = (items: NavEntry[]): Element =>
    h('ol', items.map((e) => h('li', [h('a', { href: e.href }, e.title), ...(e.children.length ? [list(e.children)] : [])] as ElementContent[])));
  return stringify(list(entries));
}

export function ncxHtml(entries: NavEntry[]): string {
  let order = 0;
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const point = (e: NavEntry): string => {
    const n = ++order;
    return `<navPoint id="nav-${n}" playOrder="${n}"><navLabel><text>${escape(e.title)}</text></navLabel><content src="${escape(e.href)}"/>${e.children.map(point).join('')}</navPoint>`;
  };
  return entries.map(point).join('\n');
}
