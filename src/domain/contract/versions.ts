/**
 * contract.md, Versions: "A new version gets a higher `version`… (anything else is an error)" and "A signed
 * version never changes". The one check of two texts that claim the same version of a contract: the
 * import against the stored signed version, and `--contract` files given together.
 */

/** One text of a contract version, named for the message (a file name, "the signed version"). */
export interface VersionText {
  readonly label: string;
  readonly contract: string;
  readonly version: number;
  readonly digest: string;
}

/** Why two texts of the same version of a contract cannot both stand, or null when they can. */
export function versionClash(a: VersionText, b: VersionText): string | null {
  if (a.contract !== b.contract || a.version !== b.version || a.digest === b.digest) return null;
  return `${a.label} and ${b.label} are both version ${a.version} of "${a.contract}" with different contents (${a.digest}, ${b.digest}): a signed version never changes; give the newer text a higher version`;
}

/** The first clash among texts given together (every pair), or null. */
export function firstVersionClash(texts: readonly VersionText[]): string | null {
  for (let i = 0; i < texts.length; i++)
    for (let j = i + 1; j < texts.length; j++) {
      const clash = versionClash(texts[i]!, texts[j]!);
      if (clash) return clash;
    }
  return null;
}
