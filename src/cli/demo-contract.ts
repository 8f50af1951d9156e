/**
 * The demo's contract: the example contract of contract.md (examples/contract.yaml), made version 1 and in
 * force from the first demo month, without the acceptance phase so that the demo months are judged live
 * and show credits. Comments of the example are kept.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

export const EXAMPLE_CONTRACT = fileURLToPath(new URL('../../examples/contract.yaml', import.meta.url));

export function demoContractText(exampleText: string, startMonth: string): string {
  const doc = parseDocument(exampleText);
  doc.set('version', 1);
  doc.set('effective_from', `${startMonth}-01`);
  doc.delete('acceptance');
  doc.delete('exclusions');
  return doc.toString({ lineWidth: 0 });
}

export function readExampleContract(): string {
  return readFileSync(EXAMPLE_CONTRACT, 'utf8');
}
