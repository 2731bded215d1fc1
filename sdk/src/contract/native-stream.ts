import type { Address, Hash } from "viem";
import { simulateContract } from "viem/actions";
import { streamPaymentNativeAbi } from "../abi/stream-payment-native-abi.generated.ts";
import { golemErrorFromContractError } from "../errors/golem-error-from-contract-error.ts";
import type { StreamId } from "../stream/stream-id.ts";
import { streamIdFromReceipt } from "./stream-id-from-receipt.ts";
import type { StreamTerms } from "./stream-terms.ts";
import { waitForSuccess } from "./wait-for-success.ts";
import type { SigningClient } from "./wallet-client.ts";
import { writeWithGasMargin } from "./write-with-gas-margin.ts";

/** Parameters of {@link createNativeStream}. */
export type CreateNativeStreamParameters = StreamTerms;

/**
 * Opens a stream paid in the chain's native coin (ETH) in one transaction, the deposit as its
 * value: no token, no approval, no signature.
 *
 * @example
 * const { streamId } = await createNativeStream(wallet, { address, recipient, deposit, ratePerSecond, serviceId });
 */
export async function createNativeStream(
  client: SigningClient,
  { address, recipient, deposit, ratePerSecond, serviceId }: CreateNativeStreamParameters,
): Promise<{ streamId: StreamId; hash: Hash }> {
  try {
    const { request } = await simulateContract(client, {
      address,
      abi: streamPaymentNativeAbi,
      functionName: "createStream",
      args: [recipient, deposit, ratePerSecond, serviceId],
      value: deposit,
      account: client.account,
      chain: client.chain,
    });
    const hash = await writeWithGasMargin(client, request);
    const receipt = await waitForSuccess(client, hash);
    return { streamId: streamIdFromReceipt(receipt, address), hash };
  } catch (err) {
    throw golemErrorFromContractError(err);
  }
}

/**
 * Adds `amount` wei (the transaction's value) to an open native stream; anyone may, refunds still
 * go to the stream's sender.
 *
 * @example
 * await topUpNative(wallet, { address, streamId, amount });
 */
export async function topUpNative(
  client: SigningClient,
  { address, streamId, amount }: { address: Address; streamId: StreamId; amount: bigint },
): Promise<{ hash: Hash }> {
  try {
    const { request } = await simulateContract(client, {
      address,
      abi: streamPaymentNativeAbi,
      functionName: "topUp",
      args: [streamId, amount],
      value: amount,
      account: client.account,
      chain: client.chain,
    });
    const hash = await writeWithGasMargin(client, request);
    await waitForSuccess(client, hash);
    return { hash };
  } catch (err) {
    throw golemErrorFromContractError(err);
  }
}
