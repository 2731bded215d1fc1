import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { golemRejection } from "@vm-on-golem/sdk/errors";
import {
  testDeploymentAddresses,
  testDeploymentJson,
} from "@vm-on-golem/sdk/test-support/test-deployment";
import { createPublicClient, http, zeroAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadProviderConfig } from "../config/load-provider-config.ts";
import { openDatabase } from "../state/open-database.ts";
import { createNodePayments } from "./create-node-payments.ts";
import { paymentTokenOf } from "./payment-token.ts";

// Which StreamPayment of its deployment a node is paid on (payments.pay, payments.streamPayment),
// read from a deployment file as the deploy script writes it; the chain is not called.
const { tGlm, streamPayment, glmLike, glmLikePayment, native } = testDeploymentAddresses;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "node-payments-"));
  await writeFile(join(dir, "31337.json"), JSON.stringify(testDeploymentJson()));
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
