import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  explainContract,
  explainContractParams,
  renderExplanation,
} from '../../src/domain/contract/explain.js';
import { LANGS } from '../../src/domain/contract/types.js';
import { checkContractText } from '../../src/ingest/contract-text.js';
import { LOCALES } from '../../src/locales/index.js';

const EXAMPLE = readFileSync(resolve(import.meta.dirname, '../../examples/contract.yaml'), 'utf8');

describe('the shared wording', () => {
  it('every language has the same vocabulary and headings', () => {
    const keysOf = (o: object) => Object.keys(o).sort();
    for (const part of [
      'channels',
      'fields',
      'dimensions',
      'statuses',
      'measures',
      'headings',
      'metric',
      'evaluation',
    ] as const) {
      const en = keysOf(LOCALES.en[part]);
      for (const lang of LANGS) expect(keysOf(LOCALES[lang][part]), `${lang} ${part}`).toEqual(en);
    }
  });

  it('the domain decides the parameters once; each language words them', () => {
    const r = checkContractText(EXAMPLE, 'contract.yaml');
    if (!r.ok) throw new Error('invalid example');
    const params = explainContractParams(r.contract, r.digest);
    expect(params.credits.atRiskCents).toBe(1_440_000); // 12% of EUR 120,000.00
    expect(params.metrics.find((m) => m.metric.id === 'premium-reachability')?.facts.open247).toBe(true);
    for (const lang of LANGS) {
      const text = renderExplanation(params, lang);
      expect(text).toBe(explainContract(r.contract, { lang, digest: r.digest }));
    }
  });

  it.each(LANGS)('the example in %s reads as before the wording moved to src/locales', async (lang) => {
    const r = checkContractText(EXAMPLE, 'contract.yaml');
    if (!r.ok) throw new Error('invalid example');
    await expect(`${explainContract(r.contract, { lang, digest: r.digest })}\n`).toMatchFileSnapshot(
      `__snapshots__/explain-example.${lang}.txt`,
    );
  });
});
