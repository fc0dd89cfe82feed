/** Every text the ingest command knows, by slug. A new text is one more ingester here. */
import type { Ingester } from './record.js';
import { furr } from './furr.js';
import { rogovin } from './rogovin/index.js';
import { smitha } from './smitha.js';
import { spartacus } from './spartacus.js';
import { wikipedia } from './wikipedia.js';

export const ingesters: Record<string, Ingester> = { wikipedia, spartacus, smitha, furr, rogovin };
