import { getStreamState } from "@vm-on-golem/sdk/contract";
import { parseDeployment, paymentDeployment } from "@vm-on-golem/sdk/deployments";
import { createProviderClient } from "@vm-on-golem/sdk/provider-client";
import { toStreamId } from "@vm-on-golem/sdk/stream";
import { type Address, isAddressEqual, parseEther, zeroAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killFakeGuests } from "../../provider-node/test/support/fake-process-driver.ts";
import { advertPeers } from "../../scripts/lib/advert-peers.ts";
import type { ProviderDaemon } from "../../scripts/lib/provider-daemon.ts";
import { jsonOf, runGolem } from "./run-golem.ts";
import {
  fakeGuestLoginEnv,
  fakeVmsDir,
  type PaidChain,
  startFakeGuestProvider,
  startPaidChain,
} from "./support/paid-setup.ts";

// A rental paid in the chain's native ETH through the golem CLI: a real Hardhat node with the
// contracts (StreamPaymentNative among them), the real provider daemon with payments.pay = eth,
// found through its signed advert over libp2p. Its VMs are the TEST-ONLY fake driver's guests
// (a process answering an SSH banner): the subject is the payment, not the hypervisor. Balances
// are checked to the wei on both sides, every transaction's gas included.
let paid: PaidChain;
let daemon: ProviderDaemon | undefined;
let providerId: Address;
let native: Address;
let me: Address;
let env: Record<string, string>;
let startBlock: bigint;
let requestorStart: bigint;
let providerStart: bigint;

const golem = (args: string[]) => runGolem([...args, "--json"], env, { timeoutMs: 180_000 });
const balanceOf = (address: Address) => paid.publicClient.getBalance({ address });

/** Wei `from` paid in gas for every transaction it sent since the test began (its receipts). */
async function gasPaidBy(from: Address): Promise<bigint> {
  let total = 0n;
  const latest = await paid.publicClient.getBlockNumber();
  for (let number = startBlock + 1n; number <= latest; number++) {
    const block = await paid.publicClient.getBlock({
      blockNumber: number,
      includeTransactions: true,
    });
    for (const tx of block.transactions) {
      if (!isAddressEqual(tx.from, from)) continue;
      const receipt = await paid.publicClient.getTransactionReceipt({ hash: tx.hash });
      total += receipt.gasUsed * receipt.effectiveGasPrice;
    }
  }
  return total;
}

beforeAll(async () => {
  paid = await startPaidChain();
  native = paymentDeployment(parseDeployment(paid.deployment), "eth").streamPayment;
  daemon = await startFakeGuestProvider(paid, { pay: "eth" });
  providerId = await daemon.address();
  const bootstrap = await advertPeers(daemon.apiUrl, "tcp", 60_000);
  expect(bootstrap.length).toBeGreaterThan(0);
  env = {
    ...paid.env,
    ...fakeGuestLoginEnv,
    GOLEM_REQUESTOR_DISCOVERY_BOOTSTRAP: bootstrap.join(","),
  };
  me = jsonOf<{ address: Address }>(await golem(["wallet", "address"])).address;
  await paid.testClient.setBalance({ address: me, value: parseEther("10") });
  startBlock = await paid.publicClient.getBlockNumber();
  requestorStart = await balanceOf(me);
  providerStart = await balanceOf(providerId);
}, 300_000);

afterAll(async () => {
  if (paid) await runGolem(["vm", "purge", "--yes"], paid.env, { timeoutMs: 120_000 });
  await daemon?.stop();
  if (paid) await killFakeGuests(fakeVmsDir(paid));
  await paid?.stop();
}, 180_000);

describe("a rental paid in native ETH through the golem CLI (real chain and provider daemon)", () => {
  let streamId: string;
  let deposit: bigint;
  let toppedUp: bigint;

  it("provider/info lists StreamPaymentNative as what the provider accepts", async () => {
    const info = await createProviderClient({ baseUrl: daemon?.apiUrl ?? "" }).providerInfo();
    expect(info.payments?.streamPayment).toBe(native);
    expect(info.payments?.token).toBe(zeroAddress);
    expect(info.payments?.accepts).toEqual([
      {
        pay: "eth",
        streamPayment: native,
        token: zeroAddress,
        symbol: "ETH",
        decimals: 18,
        native: true,
      },
    ]);
  });

  it("vm providers --pay eth lists it priced in ETH; the default (GLM) listing does not", async () => {
    const eth = await runGolem(["vm", "providers", "--pay", "eth", "--cpu", "1"], env, {
      timeoutMs: 180_000,
    });
    expect(eth.code, eth.stderr).toBe(0);
    expect(eth.stdout).toContain(providerId);
    // Default daemon prices, 1 core + 1 GiB memory + 1 GiB disk: 1 + 0.5 + 0.01 per hour.
    expect(eth.stdout).toMatch(/1\.51 ETH/);
    const glm = jsonOf<{ providers: unknown[] }>(await golem(["vm", "providers", "--cpu", "1"]));
    expect(glm.providers).toEqual([]);
  });

  it("vm create --pay glm from this provider is refused before anything is paid", async () => {
    const run = await golem([
      ...[
        "vm",
        "create",
        "glm-1",
        "--provider-id",
        providerId,
        "--provider-url",
        daemon?.apiUrl ?? "",
      ],
      ...[
        "--cpu",
        "1",
        "--memory",
        "1",
        "--storage",
        "4",
        "--hours",
        "2",
        "--yes",
        "--max-price",
        "5",
      ],
    ]);
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toContain("PAYMENT_NOT_ACCEPTED");
    expect(run.stdout + run.stderr).toContain("--pay eth");
    // Found through discovery instead: its advert is paid in ETH, so a GLM rental does not see it.
    const found = await golem([
      ...["vm", "create", "glm-2", "--provider-id", providerId],
      ...["--cpu", "1", "--memory", "1", "--storage", "4", "--hours", "2", "--yes"],
    ]);
    expect(found.code).not.toBe(0);
    expect(found.stdout + found.stderr).toContain("PROVIDER_UNREACHABLE");
    expect(found.stdout + found.stderr).toContain("--pay eth");
    expect(await balanceOf(me)).toBe(requestorStart);
  });

  it("vm create --pay eth opens the stream on StreamPaymentNative with the deposit as value", async () => {
    const created = jsonOf<{
      status: string;
      streamId: string;
      deposit: string;
      ratePerSecond: string;
    }>(
      await golem([
        ...["vm", "create", "eth-1", "--provider-id", providerId, "--pay", "eth"],
        ...["--cpu", "1", "--memory", "1", "--storage", "4", "--hours", "2", "--yes"],
      ]),
    );
    expect(created.status).toBe("running");
    streamId = created.streamId;
    deposit = BigInt(created.deposit);
    expect(deposit).toBe(BigInt(created.ratePerSecond) * 7200n);
    const state = await getStreamState(paid.publicClient, {
      address: native,
      streamId: toStreamId(streamId),
    });
    expect(state.stream.sender).toBe(me);
    expect(state.stream.recipient).toBe(providerId);
    expect(state.isActive).toBe(true);
    expect(await balanceOf(native)).toBe(deposit);
    expect(await balanceOf(me)).toBe(requestorStart - deposit - (await gasPaidBy(me)));
  });

  it("stream topup adds an hour in ETH on StreamPaymentNative", async () => {
    const topup = jsonOf<{ amount: string }>(
      await golem(["vm", "stream", "topup", "eth-1", "--hours", "1", "--yes"]),
    );
    toppedUp = BigInt(topup.amount);
    const state = await getStreamState(paid.publicClient, {
      address: native,
      streamId: toStreamId(streamId),
    });
    expect(toppedUp).toBe(state.stream.ratePerSecond * 3600n);
    expect(await balanceOf(native)).toBe(deposit + toppedUp);
  });

  it("vm stream budget on the ETH stream is refused (native streams have no budget); no transaction", async () => {
    const nonce = await paid.publicClient.getTransactionCount({ address: me });
    const run = await golem(["vm", "stream", "budget", "eth-1", "--hours", "5", "--yes"]);
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toContain("VALIDATION_FAILED");
    expect(run.stdout + run.stderr).toContain("golem vm stream topup eth-1");
    expect(await paid.publicClient.getTransactionCount({ address: me })).toBe(nonce);
    // --auto-topup-hours with --pay eth is refused before sign-in, nothing paid.
    const create = await golem([
      ...["vm", "create", "eth-2", "--provider-id", providerId, "--pay", "eth"],
      ...["--cpu", "1", "--memory", "1", "--storage", "4", "--hours", "2"],
      ...["--auto-topup-hours", "6", "--yes"],
    ]);
    expect(create.code).not.toBe(0);
    expect(create.stdout + create.stderr).toContain("cannot have a top-up budget");
    expect(await paid.publicClient.getTransactionCount({ address: me })).toBe(nonce);
  });

  it("destroy terminates the native stream: both balances exact to the wei, gas included", async () => {
    const destroyed = jsonOf<{
      destroyedOnProvider: boolean;
      terminated: boolean;
      refunded: string;
      paidToProvider: string;
    }>(await golem(["vm", "destroy", "eth-1"]));
    expect(destroyed).toMatchObject({ destroyedOnProvider: true, terminated: true });
    const refunded = BigInt(destroyed.refunded);
    const paidToProvider = BigInt(destroyed.paidToProvider);
    expect(refunded).toBeGreaterThan(0n);
    expect(paidToProvider).toBeGreaterThan(0n);
    // Every wei that went in came out: the contract holds nothing of this stream.
    expect(refunded + paidToProvider).toBe(deposit + toppedUp);
    expect(await balanceOf(native)).toBe(0n);
    const state = await getStreamState(paid.publicClient, {
      address: native,
      streamId: toStreamId(streamId),
    });
    expect(state.stream.closed).toBe(true);
    expect(await balanceOf(me)).toBe(
      requestorStart - deposit - toppedUp + refunded - (await gasPaidBy(me)),
    );
    expect(await balanceOf(providerId)).toBe(
      providerStart + paidToProvider - (await gasPaidBy(providerId)),
    );
  });
});
