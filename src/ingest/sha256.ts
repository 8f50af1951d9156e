/** Node's native SHA-256 behind the domain's `Sha256` interface: the fast hash for large inputs. */
import { createHash } from 'node:crypto';
import type { Sha256, Sha256Factory } from '../domain/sha256.js';

export const nodeSha256: Sha256Factory = () => {
  const h = createHash('sha256');
  const hash: Sha256 = {
    update(data) {
      h.update(data);
      return hash;
    },
    digest: () => h.digest('hex'),
  };
  return hash;
};
