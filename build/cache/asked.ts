/**
 * Results made on folios, kept with the folio they were told for each anchor they asked about
 * (null: none): such a result holds for a later build while every one of those answers is the
 * same. The EPUB made ahead, the back matter foreseen and the apparatus kept in the cache rest on it.
 */
export type Asked = [id: string, folio: string | null][];

/** `locate`, answering each id once and recording what it answered. */
export function recording(locate: (id: string) => string | undefined) {
  const answers = new Map<string, string | undefined>();
  return {
    locate: (id: string) => {
      if (!answers.has(id)) answers.set(id, locate(id));
      return answers.get(id);
    },
    asked: (): Asked => [...answers].map(([id, folio]) => [id, folio ?? null]),
  };
}

/** How many of the recorded answers `locate` now gives otherwise (0: the result holds). */
export const moved = (asked: Asked, locate: (id: string) => string | undefined) => asked.filter(([id, folio]) => locate(id) !== (folio ?? undefined)).length;
