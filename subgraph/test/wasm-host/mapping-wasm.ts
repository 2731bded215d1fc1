// The mapping as `graph build` compiled it (build/StreamPayment/StreamPayment.wasm). The tests do
// not build it themselves (a build takes up to a minute and test files run in parallel): `./dev
// test` runs the subgraph build before the tests, and a missing or stale wasm fails the test.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { streamPaymentAbi } from "../../../sdk/src/abi/stream-payment-abi.generated.ts";

const subgraphDir = new URL("../..", import.meta.url).pathname;
const wasmPath = join(subgraphDir, "build", "StreamPayment", "StreamPayment.wasm");

/** The mapping's sources newer than the wasm. */
function newerSources(than: number): string[] {
  const sources = [
    ...readdirSync(join(subgraphDir, "src")).map((f) => join(subgraphDir, "src", f)),
    join(subgraphDir, "schema.graphql"),
    join(subgraphDir, "subgraph.template.yaml"),
  ];
  return sources.filter((f) => statSync(f).mtimeMs > than).map((f) => relative(subgraphDir, f));
}

/**
 * The compiled mapping and the schema it was built from. Throws, saying to run the subgraph
 * build, when the wasm is missing or older than one of its sources.
 *
 * @example
 * const { wasm, schema } = compiledMapping();
 * const host = await loadMapping(wasm, schema);
 */
export function compiledMapping(): { wasm: Uint8Array; schema: string } {
  const hint = "run `./dev subgraph:build` (or `npm run build -w subgraph`) first";
  if (!existsSync(wasmPath)) {
    throw new Error(`the compiled mapping ${relative(subgraphDir, wasmPath)} is missing: ${hint}`);
  }
  const newer = newerSources(statSync(wasmPath).mtimeMs);
  if (newer.length > 0) {
    throw new Error(`the compiled mapping is older than ${newer.join(", ")}: ${hint}`);
  }
  const builtAbi = JSON.parse(readFileSync(join(wasmPath, "..", "StreamPayment.json"), "utf8"));
  if (!isDeepStrictEqual(builtAbi, JSON.parse(JSON.stringify(streamPaymentAbi)))) {
    throw new Error(`the compiled mapping was built from another StreamPayment ABI: ${hint}`);
  }
  return {
    wasm: readFileSync(wasmPath),
    schema: readFileSync(join(subgraphDir, "schema.graphql"), "utf8"),
  };
}
