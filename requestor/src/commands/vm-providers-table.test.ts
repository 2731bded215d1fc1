import {
  TEST_CHAIN_ID,
  TEST_STREAM_PAYMENT,
  TEST_TOKEN,
  testProvider,
  testSignedAdvert,
} from "@vm-on-golem/sdk/test-support/test-adverts";
import { describe, expect, it } from "vitest";
import { providerRows, withReachability } from "./provider-rows.ts";
import { renderProvidersTable } from "./vm-providers-table.ts";

const own = {
  chainId: TEST_CHAIN_ID,
  streamPayment: TEST_STREAM_PAYMENT,
  token: TEST_TOKEN,
  decimals: 18,
  symbol: "tGLM",
};
const GLM = 10n ** 18n;
const OTHER_TOKEN = "0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238";

/** Probed rows (all answering) for adverts at `perCoreHour` on the given chains/tokens. */
async function rowsOf(specs: { perCoreHour: bigint; chainId?: number; token?: `0x${string}` }[]) {
  const adverts = await Promise.all(
    specs.map(({ perCoreHour, ...where }) =>
      testSignedAdvert({
        signer: testProvider(),
        content: { prices: { perCoreHour, perGiBMemoryHour: 0n, perGiBDiskHour: 0n }, ...where },
      }),
    ),
  );
  const rows = providerRows(adverts, { cpu: 1 }, own);
  return withReachability(
    rows,
    rows.map(() => ({ reachable: true, latencyMs: 7 })),
  );
}

describe("renderProvidersTable", () => {
  it("shows this deployment's providers in GLM without a Network column by default", async () => {
    const rows = await rowsOf([{ perCoreHour: GLM / 2n }]);
    const text = renderProvidersTable({ rows, scope: { kind: "own" }, own, maxPrice: false });
    expect(text).toMatch(/^1 provider, 1 answering now \(prices for 1 CPU, 1 GiB RAM/);
    expect(text).toContain("0.5 tGLM");
    expect(text).toContain(`${((GLM / 2n) * 730n) / GLM} tGLM`);
    expect(text).not.toContain("Network");
    expect(text).not.toContain("base units");
  });

  it("prints prices with the sdk's formatter: no float artefacts, 730 hours a month", async () => {
    // Just under 1 tGLM per core-hour: 0.999999999999999999 tGLM exactly.
    const rows = await rowsOf([{ perCoreHour: GLM - 1n }, { perCoreHour: GLM / 3n }]);
    const text = renderProvidersTable({ rows, scope: { kind: "own" }, own, maxPrice: false });
    expect(text).not.toMatch(/\.\d*(0{9,}|9{9,})/);
    expect(text).toMatch(/│ 1 tGLM +│ 730 tGLM +│/);
    expect(text).toMatch(/│ 0\.333333 tGLM +│ 243\.333 tGLM +│/);
  });

  it("with --all-payments names each row's network and prices other tokens in base units", async () => {
    const rows = await rowsOf([
      { perCoreHour: GLM },
      { perCoreHour: 3n * GLM, chainId: 11155111, token: OTHER_TOKEN },
      { perCoreHour: 7n, chainId: 424242 },
    ]);
    const text = renderProvidersTable({ rows, scope: { kind: "all" }, own, maxPrice: true });
    expect(text).toMatch(/^3 providers on every payments network, 3 answering now/);
    expect(text).toContain("Network");
    expect(text).toMatch(/│ local +│/);
    expect(text).toMatch(/│ sepolia +│/);
    expect(text).toMatch(/│ chain 424242 +│/);
    expect(text).toContain("1 tGLM");
    // Same token address as this deployment's, but on another chain: not this CLI's tGLM.
    expect(text).toContain(`7 ${TEST_TOKEN.slice(0, 6)}…${TEST_TOKEN.slice(-4)}`);
    expect(text).toContain(`${3n * GLM} 0x1c7D…7238`);
    expect(text).toContain("Prices not in tGLM are base units");
    expect(text).toContain("--max-price filtered only the prices in tGLM");
    expect(text).toContain("`golem vm create` rents only from providers paid through");
  });

  it("with --payments-network says the network, also when nothing matches", async () => {
    const rows = await rowsOf([{ perCoreHour: 5n, chainId: 11155111, token: OTHER_TOKEN }]);
    const scope = { kind: "chain", chainId: 11155111 } as const;
    const text = renderProvidersTable({ rows, scope, own, maxPrice: false });
    expect(text).toMatch(/^1 provider paid on sepolia, 1 answering now/);
    expect(text).not.toContain("--max-price");
    expect(renderProvidersTable({ rows: [], scope, own, maxPrice: false })).toBe(
      "No providers paid on sepolia match. Loosen the filters or try again later.",
    );
  });
});
