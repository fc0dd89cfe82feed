/**
 * The apparatus's prose as printed: the house typography (curly quotes, dashes) applied to what
 * the YAML says, whatever quotes its writer typed. Forms are never touched: they must match the
 * texts.
 */
import { typographize } from '../ingest/typography.js';

export const prose = (text: string) => typographize(text.replace(/\s+/g, ' ').trim());
