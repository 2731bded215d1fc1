/**
 * `watchWalletRequests` against a real local chain (`hardhat node`, whose unlocked accounts answer
 * `eth_sendTransaction` and `eth_signTypedData_v4` as a browser wallet does): it reports the
 * prompt before the wallet is asked and the hash once a transaction is sent, and never asks twice.
 */
import {
  type Address,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hash,
  http,
  parseEther,
} from "viem";
import { sendTransaction, signTypedData } from "viem/actions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalChain, startLocalChain } from "../../scripts/lib/local-chain.ts";
import type { PageWallet } from "../src/lib/provider-clients.ts";
import { watchWalletRequests } from "../src/lib/watch-wallet-requests.ts";

let chain: LocalChain;
let wallet: PageWallet;
let other: Address;
let viemChain: ReturnType<typeof defineChain>;

beforeAll(async () => {
  chain = await startLocalChain({ port: 0 });
  viemChain = defineChain({
    id: chain.chainId,
    name: "Local chain",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [chain.rpcUrl] } },
  });
  const accounts = await createWalletClient({
    chain: viemChain,
    transport: http(chain.rpcUrl),
  }).getAddresses();
  const [first, second] = accounts;
  if (!first || !second) throw new Error("hardhat node has no unlocked accounts");
  other = second;
  // A json-rpc account: the node signs, as a browser wallet does behind its window.
  wallet = createWalletClient({ account: first, chain: viemChain, transport: http(chain.rpcUrl) });
}, 120_000);

afterAll(async () => {
  await chain?.stop();
});

function recorder() {
  const events: string[] = [];
  const watched = watchWalletRequests(wallet, {
    prompt: (kind) => events.push(`prompt:${kind}`),
    sent: (hash) => events.push(`sent:${hash}`),
  });
  return { events, watched };
}

describe("web: watchWalletRequests", () => {
  it("reports the wallet's prompt, then the sent transaction's hash", async () => {
    const { events, watched } = recorder();
    const hash: Hash = await sendTransaction(watched, {
      account: watched.account,
      chain: viemChain,
      to: other,
      value: parseEther("0.01"),
    });
    expect(events).toEqual(["prompt:transaction", `sent:${hash}`]);
    const receipt = await createPublicClient({
      chain: viemChain,
      transport: http(chain.rpcUrl),
    }).waitForTransactionReceipt({ hash });
    expect(receipt.status).toBe("success");
  });

  it("reports a signature request as a prompt and nothing as sent", async () => {
    const { events, watched } = recorder();
    const signature = await signTypedData(watched, {
      account: watched.account,
      domain: { name: "test", chainId: viemChain.id },
      types: { Greeting: [{ name: "text", type: "string" }] },
      primaryType: "Greeting",
      message: { text: "hello" },
    });
    expect(signature).toMatch(/^0x[0-9a-f]{130}$/);
    expect(events).toEqual(["prompt:signature"]);
  });

  it("passes a refused request's error through and asks the wallet only once", async () => {
    const { events, watched } = recorder();
    // More ether than the account holds: the node refuses the transaction.
    const sending = sendTransaction(watched, {
      account: watched.account,
      chain: viemChain,
      to: other,
      value: parseEther("100000000"),
    });
    await expect(sending).rejects.toThrow();
    expect(events).toEqual(["prompt:transaction"]);
  });
});
