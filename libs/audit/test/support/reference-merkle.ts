import { createHash } from "node:crypto";

// An independent, deliberately naive transcription of RFC 6962 §2.1 over the full leaf list:
// recursive, recomputes everything, shares no code with src/merkle. The oracle for property tests.

function sha256(...parts: Uint8Array[]): Uint8Array {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return Uint8Array.from(h.digest());
}

function k(n: number): number {
  let p = 1;
  while (p * 2 < n) p *= 2;
  return p;
}

export function refMth(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha256();
  if (leaves.length === 1) return sha256(Uint8Array.of(0), leaves[0] as Uint8Array);
  const split = k(leaves.length);
  return sha256(Uint8Array.of(1), refMth(leaves.slice(0, split)), refMth(leaves.slice(split)));
}

export function refPath(m: number, leaves: readonly Uint8Array[]): Uint8Array[] {
  if (leaves.length <= 1) return [];
  const split = k(leaves.length);
  return m < split
    ? [...refPath(m, leaves.slice(0, split)), refMth(leaves.slice(split))]
    : [...refPath(m - split, leaves.slice(split)), refMth(leaves.slice(0, split))];
}

function subproof(m: number, leaves: readonly Uint8Array[], b: boolean): Uint8Array[] {
  const n = leaves.length;
  if (m === n) return b ? [] : [refMth(leaves)];
  const split = k(n);
  return m <= split
    ? [...subproof(m, leaves.slice(0, split), b), refMth(leaves.slice(split))]
    : [...subproof(m - split, leaves.slice(split), false), refMth(leaves.slice(0, split))];
}

export function refProof(m: number, leaves: readonly Uint8Array[]): Uint8Array[] {
  return m === 0 || m === leaves.length ? [] : subproof(m, leaves, true);
}
