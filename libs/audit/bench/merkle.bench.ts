// Measures the Merkle tree at audit-log scale: `npm run bench:merkle -w @ariadne/audit [-- <leaves>]`.
// Benchmarks measure; the tests assert. Prints appends/s, memory, and proof costs at 1M leaves.
import { randomBytes } from "node:crypto";
import { hashLeaf, MerkleTree, verifyConsistency, verifyInclusion } from "../src/mod.ts";

const n = Number(process.argv[2] ?? 1_000_000);
const leaf = randomBytes(300);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

const before = process.memoryUsage();
const tree = new MerkleTree();
let t = performance.now();
for (let i = 0; i < n; i++) {
  leaf.writeUInt32BE(i, 0);
  tree.append(leaf);
}
const appendMs = performance.now() - t;
const after = process.memoryUsage();
console.log(`append ${n} leaves: ${appendMs.toFixed(0)} ms (${Math.round(n / (appendMs / 1000))} leaves/s)`);
console.log(
  `memory: heap +${mib(after.heapUsed - before.heapUsed)}, array buffers +${mib(after.arrayBuffers - before.arrayBuffers)}, rss ${mib(after.rss)}`,
);

const rounds = 1000;
const pick = (max: number) => 1 + Math.floor(Math.random() * max);
t = performance.now();
for (let r = 0; r < rounds; r++) tree.root(pick(n));
console.log(`root of an earlier size: ${((performance.now() - t) / rounds).toFixed(3)} ms`);

t = performance.now();
for (let r = 0; r < rounds; r++) {
  const size = pick(n);
  const index = pick(size) - 1;
  verifyInclusion(tree.leafHash(index), index, size, tree.inclusionProof(index, size), tree.root(size));
}
console.log(`inclusion proof + verify at an earlier size: ${((performance.now() - t) / rounds).toFixed(3)} ms`);

t = performance.now();
for (let r = 0; r < rounds; r++) {
  const second = pick(n);
  const first = pick(second);
  const proof = tree.consistencyProof(first, second);
  verifyConsistency(first, second, tree.root(first), tree.root(second), proof);
}
console.log(`consistency proof + verify between earlier sizes: ${((performance.now() - t) / rounds).toFixed(3)} ms`);
console.log(`leaf hash check: ${Buffer.from(tree.leafHash(0)).equals(Buffer.from(hashLeaf(leaf.fill(0, 0, 4))))}`);
