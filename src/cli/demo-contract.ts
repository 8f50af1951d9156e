/**
 * The demo's contract: the example contract of contract.md (examples/contract.yaml), made version 1 and in
 * force from the first demo month, without the acceptance phase so that the demo months are judged live
 * and show credits. Comments of the example are kept.
 *
 * The client's workforce plan forecasts phone per queue (`phone-nl` …, src/demo/forecasts.ts), and a
 * forecast row with a queue counts only for a population that names that queue (contract.md, Volume
 * band). So the demo contract's channel-wide phone metrics name the phone queues, as a contract written
 * against such a forecast would: then the campaign month's peak (actual about 1.2 × forecast) is above
 * the 15 % band and excuses the phone targets. The premium metric keeps its population: the forecast has
 * no segments, so the band compares premium calls with all phone volume and never applies there.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMap, isSeq, parseDocument } from 'yaml';
import { QUEUE_NAMES } from '../demo/contacts.js';
import { DEMO_CHANNELS } from '../demo/volume.js';

export const EXAMPLE_CONTRACT = fileURLToPath(new URL('../../examples/contract.yaml', import.meta.url));

/** The demo's phone queues, as its contacts and forecasts name them. */
export const DEMO_PHONE_QUEUES: readonly string[] = QUEUE_NAMES[DEMO_CHANNELS.indexOf('phone')]!;

export function demoContractText(exampleText: string, startMonth: string): string {
  const doc = parseDocument(exampleText);
  doc.set('version', 1);
  doc.set('effective_from', `${startMonth}-01`);
  doc.delete('acceptance');
  doc.delete('exclusions');
  const metrics = doc.get('metrics');
  if (isSeq(metrics))
    for (const metric of metrics.items) {
      if (!isMap(metric)) continue;
      const population = metric.get('population');
      if (!isMap(population) || population.items.length !== 1 || population.get('channel') !== 'phone')
        continue;
      const queues = doc.createNode([...DEMO_PHONE_QUEUES]);
      queues.flow = true;
      population.set('queue', queues);
    }
  return doc.toString({ lineWidth: 0 });
}

export function readExampleContract(): string {
  return readFileSync(EXAMPLE_CONTRACT, 'utf8');
}
