import { type Address, keccak256, parseEther, toHex } from "viem";
import { beforeAll, describe, expect, test } from "vitest";
import { createTestChain, type TestChain } from "../../test-support/create-test-chain.ts";
import { golemRejection } from "../errors/golem-rejection.ts";
import { getStream } from "./get-stream.ts";
import { createNativeStream, topUpNative } from "./native-stream.ts";
import { terminate } from "./terminate.ts";
import { withdraw } from "./withdraw.ts";

// StreamPaymentNative on an in-process Hardhat chain: balances exact to the wei, gas included.
let chain: TestChain;
let native: Address;
const serviceId = keccak256(toHex("offer-native"));

beforeAll(async () => {
  chain = await createTestChain();
  native = (await chain.connection.viem.deployContract("StreamPaymentNative")).address;
}, 60_000);

/** Wei a transaction cost its sender in gas. */
async function gasCost(hash: `0x${string}`): Promise<bigint> {
  const receipt = await chain.publicClient.getTransactionReceipt({ hash });
  return receipt.gasUsed * receipt.effectiveGasPrice;
}

describe("native-ETH streams", () => {
  test("create, top up, withdraw and terminate move exactly the ETH the stream says", async () => {
    const sender = chain.requestor.account.address;
    const recipient = chain.provider.account.address;
    const balance = (address: Address) => chain.publicClient.getBalance({ address });
    const deposit = parseEther("1");
    const rate = 1_000_000_000_000n; // 1e12 wei/s: the deposit lasts 1e6 s
    const senderStart = await balance(sender);
    const recipientStart = await balance(recipient);

    const created = await createNativeStream(chain.requestor, {
      address: native,
      recipient,
      deposit,
      ratePerSecond: rate,
      serviceId,
    });
    const stream = await getStream(chain.publicClient, {
      address: native,
      streamId: created.streamId,
    });
    expect(stream).toMatchObject({ balance: deposit, ratePerSecond: rate, serviceId });
    const topped = await topUpNative(chain.requestor, {
      address: native,
      streamId: created.streamId,
      amount: deposit,
    });
    expect(await balance(native)).toBe(2n * deposit);

    await chain.time.increase(1000);
    // withdraw and terminate from the shared actions: the core ABI is the same for both deployments
    const withdrawn = await withdraw(chain.provider, {
      address: native,
      streamId: created.streamId,
    });
    const closed = await terminate(chain.requestor, {
      address: native,
      streamId: created.streamId,
    });

    const paid = withdrawn.amount + closed.paidToRecipient;
    expect(paid + closed.refundedToSender).toBe(2n * deposit);
    expect(await balance(native)).toBe(0n);
    const senderGas =
      (await gasCost(created.hash)) + (await gasCost(topped.hash)) + (await gasCost(closed.hash));
    expect(await balance(sender)).toBe(
      senderStart - 2n * deposit - senderGas + closed.refundedToSender,
    );
    expect(await balance(recipient)).toBe(recipientStart + paid - (await gasCost(withdrawn.hash)));
  });

  test("a deposit other than the value sent is refused before anything is paid", async () => {
    const err = await golemRejection(
      createNativeStream(chain.requestor, {
        address: native,
        recipient: chain.provider.account.address,
        deposit: 0n,
        ratePerSecond: 1n,
        serviceId,
      }),
    );
    expect(err.code).toBe("DEPOSIT_ZERO");
  });
});
