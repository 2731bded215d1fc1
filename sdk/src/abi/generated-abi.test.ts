import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { keccak256, toBytes } from "viem";
import { beforeAll, describe, expect, test } from "vitest";
import {
  abiSources,
  readArtifactAbi,
  renderAbiModule,
  repoRoot,
} from "../../scripts/generate-abi.ts";
import { glmAbi } from "./glm-abi.generated.ts";
import { streamPaymentAbi } from "./stream-payment-abi.generated.ts";
import { streamPaymentNativeAbi } from "./stream-payment-native-abi.generated.ts";

const imported: Record<string, unknown> = { streamPaymentAbi, streamPaymentNativeAbi, glmAbi };

beforeAll(() => {
  // A fresh clone has no artifacts: compile once rather than skip.
  const missing = abiSources.filter((s) => !existsSync(join(repoRoot, s.artifacts[0] as string)));
  if (missing.length === 0) return;
  execFileSync(join(repoRoot, "node_modules/.bin/hardhat"), ["compile", "--quiet"], {
    cwd: repoRoot,
    stdio: "pipe",
  });
}, 300_000);

describe.each(abiSources)("$output", (source) => {
  test("is generated from the compiled implementation and is up to date", () => {
    const found = readArtifactAbi(source);
    if (!found || found.artifact !== source.artifacts[0]) {
      throw new Error(
        `${source.artifacts[0]} is missing after \`hardhat compile\`; the contract does not compile`,
      );
    }
    const onDisk = readFileSync(join(repoRoot, source.output), "utf8");
    expect(
      onDisk === renderAbiModule(source.exportName, found.artifact, found.abi),
      `${source.output} is stale: run \`node sdk/scripts/generate-abi.ts\``,
    ).toBe(true);
  });

  test("hashes like the artifact's ABI (the deployment's abiHash)", () => {
    const found = readArtifactAbi(source);
    if (!found) throw new Error(`no artifact for ${source.output}`);
    const hash = (abi: unknown) => keccak256(toBytes(JSON.stringify(abi)));
    expect(hash(imported[source.exportName])).toBe(hash(found.abi));
  });
});
