import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { golemRejection } from "@vm-on-golem/sdk/errors";
import { createPublicClient, http, zeroAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadProviderConfig } from "../config/load-provider-config.ts";
import { openDatabase } from "../state/open-database.ts";
import { createNodePayments } from "./create-node-payments.ts";
import { paymentTokenOf } from "./payment-token.ts";

// Which StreamPayment of its deployment a node is paid on (payments.pay, payments.streamPayment),
// read from a deployment file as the deploy script writes it; the chain is not called.
const tGlm = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const streamPayment = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const glmLike = "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9";
const glmLikePayment = "0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9";
const native = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0";
const abiHash = `0x${"ab".repeat(32)}`;
const token = (address: string, symbol: string) => ({
  address,
  deployBlock: address === zeroAddress ? null : 1,
  symbol,
  decimals: 18,
  faucet: address !== zeroAddress,
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "node-payments-"));
  const deployment = {
    chainId: 31337,
    name: "localhost",
    contracts: {
      StreamPayment: { address: streamPayment, deployBlock: 2 },
      GLM: token(tGlm, "tGLM"),
    },
    abiHash,
    streamPayments: [
      {
        address: streamPayment,
        deployBlock: 2,
        token: token(tGlm, "tGLM"),
        contract: "StreamPayment",
        abiHash,
      },
      {
        address: glmLikePayment,
        deployBlock: 4,
        token: token(glmLike, "GLM"),
        contract: "StreamPayment",
        abiHash,
      },
      {
        address: native,
        deployBlock: 5,
        token: token(zeroAddress, "ETH"),
        contract: "StreamPaymentNative",
        abiHash,
      },
    ],
    deployedAt: "2026-12-07T12:00:00.000Z",
  };
  await writeFile(join(dir, "31337.json"), JSON.stringify(deployment));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function paymentsWith(env: Record<string, string>) {
  const { config } = await loadProviderConfig({
    homeDir: dir,
    env: { GOLEM_PROVIDER_DATA_DIR: dir, GOLEM_PROVIDER_PAYMENTS_DEPLOYMENTS_DIR: dir, ...env },
  });
  const client = createPublicClient({ transport: http("http://127.0.0.1:9") });
  const db = openDatabase(":memory:");
  const account = privateKeyToAccount(generatePrivateKey());
  return { config, create: () => createNodePayments({ config, account, db, client }) };
}

describe("createNodePayments: the StreamPayment a node is paid on", () => {
  test("payments.streamPayment names a sibling of the deployment: its token is the one accepted", async () => {
    const { config, create } = await paymentsWith({
      GOLEM_PROVIDER_PAYMENTS_STREAM_PAYMENT: glmLikePayment.toLowerCase(),
    });
    const { settings } = await create();
    expect(settings.streamPayment).toBe(glmLikePayment);
    expect(settings.token).toBe(glmLike);
    expect(settings.accepted?.map((a) => [a.streamPayment, a.symbol, a.native])).toEqual([
      [glmLikePayment, "GLM", false],
    ]);
    expect(await paymentTokenOf(config)).toEqual({ symbol: "GLM", decimals: 18 });
  });

  test("without it, payments.pay picks the default ERC-20 one or the native one", async () => {
    expect((await (await paymentsWith({})).create()).settings.streamPayment).toBe(streamPayment);
    const eth = (await (await paymentsWith({ GOLEM_PROVIDER_PAYMENTS_PAY: "eth" })).create())
      .settings;
    expect([eth.streamPayment, eth.token]).toEqual([native, zeroAddress]);
  });

  test("a StreamPayment the deployment does not list is PAYMENT_NOT_DEPLOYED naming the listed ones", async () => {
    const { create } = await paymentsWith({ GOLEM_PROVIDER_PAYMENTS_STREAM_PAYMENT: tGlm });
    const error = await golemRejection(create());
    expect(error.code).toBe("PAYMENT_NOT_DEPLOYED");
    expect(error.message).toContain(
      `StreamPayment ${tGlm} is not one of the deployment of chain 31337`,
    );
    expect(error.hints[0]).toContain(`${glmLikePayment} (GLM)`);
    expect(error.hints[0]).toContain(`${native} (ETH)`);
  });

  test("a value that is no address is refused by the config schema", async () => {
    await expect(
      paymentsWith({ GOLEM_PROVIDER_PAYMENTS_STREAM_PAYMENT: "glm-like" }),
    ).rejects.toThrow(/payments\.streamPayment/);
  });
});
