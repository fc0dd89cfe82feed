/** The press PDF's colour conversion, on content streams written by hand. */
import { describe, expect, it } from 'vitest';
import { greyContent } from '../../build/render/press/index.js';

const grey = (content: string) => {
  const r = greyContent(Buffer.from(content, 'latin1'));
  return { text: r.bytes.toString('latin1'), count: r.count, left: r.left };
};

describe('the conversion to grey', () => {
  it('makes RGB black 100 % K, a neutral grey the same grey, another colour its luminance', () => {
    expect(grey('0 0 0 rg 0 0 0 RG BT (x) Tj ET')).toEqual({ text: '0 g 0 G BT (x) Tj ET', count: 2, left: [] });
    expect(grey('.5 .5 .5 rg').text).toBe('0.5 g');
    expect(grey('1 0 0 RG').text).toBe('0.3 G');
  });

  it('leaves strings, comments and inline images as they are', () => {
    const content = '/Span <</ActualText (0 0 0 rg)>> BDC % 1 1 1 rg\nBI /W 1 /H 1 ID 0 0 0 rg EI EMC';
    expect(grey(content)).toEqual({ text: content, count: 0, left: [] });
  });

  it('reports the colour it cannot make grey, and not grey itself', () => {
    expect(grey('0 0 0 1 k /CS0 cs 1 sc /DeviceGray CS 0 G').left).toEqual(['0 0 0 1 k', '/CS0 cs', '/CS0 cs 1 sc']);
  });
});
