/**
 * The units' trees, by unit id, in reading order. A tree the cache keeps is read from it only
 * when a later stage first asks for it: an EPUB rebuild whose documents are cached never reads
 * the trees of the units that did not change.
 */
import type { Root } from 'hast';

export class UnitTrees {
  private readonly trees = new Map<string, Root>();
  private readonly loaders = new Map<string, () => Root>();
  private readonly order: string[] = [];

  /** Add a tree, or a function that reads it. */
  set(unitId: string, tree: Root | (() => Root)) {
    if (!this.trees.has(unitId) && !this.loaders.has(unitId)) this.order.push(unitId);
    if (typeof tree === 'function') this.loaders.set(unitId, tree);
    else this.trees.set(unitId, tree);
    return this;
  }

  /** Change a tree in place: now, if it has been read; else as soon as it is. */
  amend(unitId: string, change: (tree: Root) => void) {
    const made = this.trees.get(unitId);
    if (made) return void change(made);
    const load = this.loaders.get(unitId);
    if (load) this.loaders.set(unitId, () => {
      const tree = load();
      change(tree);
      return tree;
    });
  }

  has(unitId: string) {
    return this.trees.has(unitId) || this.loaders.has(unitId);
  }

  get(unitId: string): Root | undefined {
    const made = this.trees.get(unitId);
    if (made) return made;
    const load = this.loaders.get(unitId);
    if (!load) return undefined;
    const tree = load();
    this.trees.set(unitId, tree);
    this.loaders.delete(unitId);
    return tree;
  }

  /** The unit ids, in reading order, without reading any tree. */
  ids(): readonly string[] {
    return this.order;
  }

  *[Symbol.iterator](): IterableIterator<[string, Root]> {
    for (const id of this.order) yield [id, this.get(id)!];
  }
}
