/** With no Chromium to be found, the PDF step fails with one clear message and the EPUB is still built. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { buildInto, fixture, messages } from '../helpers/build.js';

it('builds the EPUB and says how to get a browser', async () => {
  const result = await buildInto(fixture('small'), ['epub', 'pdf'], { env: { PATH: '/nonexistent' } });
  expect(result.ok).toBe(false);
  expect(messages(result)).toEqual([expect.stringContaining('apt-get install chromium')]);
  expect(existsSync(join(result.out, 'small-reader.epub'))).toBe(true);
  expect(existsSync(join(result.out, 'small-reader.pdf'))).toBe(false);
});
