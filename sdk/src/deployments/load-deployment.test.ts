import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { streamPaymentAbi } from "../abi/stream-payment-abi.generated.ts";
import { formatGolemError } from "../errors/format-golem-error.ts";
import type { GolemError } from "../errors/golem-error.ts";
import { golemRejection } from "../errors/golem-rejection.ts";
import { abiHash } from "./abi-hash.ts";
import { type DeploymentJson, parseDeployment } from "./deployment-schema.ts";
import { loadDeployment } from "./load-deployment.ts";

let dir: string;

const valid: DeploymentJson = {
  chainId: 31337,
  name: "hardhat",
  contracts: {
    StreamPayment: { address: "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512", deployBlock: 2 },
    GLM: {
      address: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      deployBlock: 1,
      symbol: "tGLM",
      decimals: 18,
      faucet: true,
    },
  },
  abiHash: abiHash(streamPaymentAbi),
  deployedAt: "2026-11-23T14:00:00.000Z",
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "deployments-"));
  await writeFile(join(dir, "31337.json"), JSON.stringify(valid));
  await writeFile(
    join(dir, "11155111.json"),
    JSON.stringify({ ...valid, chainId: 11155111, deployedAt: 1_790_000_000 }),
  );
  await writeFile(join(dir, "5.json"), "{ not json");
  await writeFile(
    join(dir, "7.json"),
    JSON.stringify({ ...valid, chainId: 7, abiHash: "0x12", contracts: { StreamPayment: {} } }),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("loadDeployment", () => {
  test("reads and normalises a deployment", async () => {
    const deployment = await loadDeployment(31337, { dir });
    expect(deployment.contracts.StreamPayment).toEqual({
      address: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
      deployBlock: 2n,
    });
    expect(deployment.contracts.GLM.deployBlock).toBe(1n);
    expect(deployment.contracts.GLM.faucet).toBe(true);
    expect(deployment.deployedAt).toBe("2026-11-23T14:00:00.000Z");
  });

  test("accepts a token that predates the deployment (deployBlock null)", async () => {
    const withGlm = {
      ...valid,
      chainId: 1,
      contracts: {
        ...valid.contracts,
        GLM: { ...valid.contracts.GLM, deployBlock: null, faucet: false },
      },
    };
    await writeFile(join(dir, "1.json"), JSON.stringify(withGlm));
    expect((await loadDeployment(1, { dir })).contracts.GLM).toMatchObject({
      deployBlock: null,
      faucet: false,
    });
  });

  test("accepts deployedAt in unix seconds", async () => {
    expect((await loadDeployment(11155111, { dir })).deployedAt).toBe("2026-09-21T14:13:20.000Z");
  });

  test("a missing local deployment says to run ./dev chain", async () => {
    const err = await golemRejection(loadDeployment(31337, { dir: join(dir, "nowhere") }));
    expect(err.code).toBe("DEPLOYMENT_NOT_FOUND");
    expect(err.hints).toEqual([
      "run `./dev chain` to start a local chain with the contracts deployed",
    ]);
    expect(err.details).toMatchObject({ chainId: 31337 });
  });

  test("a missing public deployment says which file to add", async () => {
    const err = await golemRejection(loadDeployment(137, { dir }));
    expect(err.code).toBe("DEPLOYMENT_NOT_FOUND");
    expect(formatGolemError(err)).toMatchInlineSnapshot(`
      "error[DEPLOYMENT_NOT_FOUND]: no deployment of the contracts on chain 137
        hint: add deployments/137.json (\`./dev deploy\` writes it), or pick another chain"
    `);
  });

  test("malformed JSON and bad fields are CONFIG_INVALID with every issue listed", async () => {
    expect((await golemRejection(loadDeployment(5, { dir }))).code).toBe("CONFIG_INVALID");
    const err = await golemRejection(loadDeployment(7, { dir }));
    expect(err.code).toBe("CONFIG_INVALID");
    expect(err.details?.issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^contracts\.StreamPayment\.address: /),
        expect.stringMatching(/^contracts\.StreamPayment\.deployBlock: /),
        expect.stringMatching(/^contracts\.GLM: /),
        "abiHash: not a 32-byte hex hash",
      ]),
    );
  });

  test("a file for another chain is CONFIG_INVALID", async () => {
    await writeFile(join(dir, "10.json"), JSON.stringify(valid));
    const err = await golemRejection(loadDeployment(10, { dir }));
    expect(err.code).toBe("CONFIG_INVALID");
    expect(err.message).toMatch(/describes chain 31337, not 10$/);
  });
});

describe("the explorer field", () => {
  const withExplorer = (explorer: unknown) =>
    parseDeployment({ ...valid, chainId: 11155111, explorer }, "test");

  test("is optional", () => {
    expect(parseDeployment(valid).explorer).toBeUndefined();
  });

  test("takes { name, url } or a bare URL (named after its host), without a trailing slash", () => {
    expect(
      withExplorer({ name: "Etherscan", url: "https://sepolia.etherscan.io/" }).explorer,
    ).toEqual({
      name: "Etherscan",
      url: "https://sepolia.etherscan.io",
    });
    expect(withExplorer("https://eth-sepolia.blockscout.com").explorer).toEqual({
      name: "eth-sepolia.blockscout.com",
      url: "https://eth-sepolia.blockscout.com",
    });
  });

  test("refuses what is not an http(s) URL, naming the field", () => {
    for (const bad of [
      "sepolia.etherscan.io",
      "ftp://scan.example",
      { name: "", url: "https://x.io" },
    ]) {
      const error = (() => {
        try {
          withExplorer(bad);
        } catch (thrown) {
          return thrown as GolemError;
        }
        throw new Error(`${JSON.stringify(bad)} was accepted`);
      })();
      expect(error.code).toBe("CONFIG_INVALID");
      expect(error.details?.issues).toEqual([expect.stringMatching(/^explorer/)]);
    }
  });
});
