/** A contract with the canonical form of its version in force: the units, targets and titles of its metrics. */
import { api } from './api/client.js';
import type { CanonicalContract, CanonicalMetric, Contract } from './api/types.js';
import { type Loaded, useApi } from './use-api.js';

export interface ContractModel {
  readonly contract: Contract;
  readonly canonical: CanonicalContract | null;
  metric(id: string): CanonicalMetric | undefined;
}

async function loadContract(id: string): Promise<ContractModel> {
  const contract = await api.contract(id);
  const version = contract.inForce ?? contract.versions.at(-1)?.version;
  const detail = version === undefined ? undefined : await api.version(id, version);
  const canonical = detail?.canonical ?? null;
  const byId = new Map((canonical?.metrics ?? []).map((m) => [m.id, m]));
  return { contract, canonical, metric: (m) => byId.get(m) };
}

export function useContract(id: string): Loaded<ContractModel> {
  return useApi(() => loadContract(id), [id]);
}
