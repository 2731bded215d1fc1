import { type Address, type Hash, zeroAddress } from "viem";
import { simulateContract } from "viem/actions";
import { streamPaymentAbi } from "../abi/stream-payment-abi.generated.ts";
import { golemErrorFromContractError } from "../errors/golem-error-from-contract-error.ts";
import type { StreamId } from "../stream/stream-id.ts";
import { ensureAllowance } from "./ensure-allowance.ts";
import { topUpNative } from "./native-stream.ts";
import { readTokenAddress } from "./read-token-address.ts";
import { waitForSuccess } from "./wait-for-success.ts";
import type { SigningClient } from "./wallet-client.ts";
import { writeWithGasMargin } from "./write-with-gas-margin.ts";

/** Parameters of {@link topUp}. */
export type TopUpParameters = {
  /** The StreamPayment contract. */
  address: Address;
  streamId: StreamId;
  /** Base units to add. */
  amount: bigint;
  /**
   * The deployment's token; read from the contract when omitted. The zero address is
   * StreamPaymentNative's: the amount is sent as the transaction's value, nothing is approved.
   */
  token?: Address | undefined;
};

/** Result of {@link topUp}. */
export type TopUpReturnType = {
  /** The topUp transaction. */
  hash: Hash;
  /** The approve sent first, when the allowance was short. */
  approveHash: Hash | undefined;
};

/**
 * Adds funds to an open stream from the client's account (anyone may top up; refunds still go
 * to the stream's sender), approving first when the allowance is short; on StreamPaymentNative
 * (token zero) the amount is the transaction's value.
 *
 * @example
 * await topUp(wallet, { address, streamId, amount: depositForDuration(rate, 3600n) });
 */
export async function topUp(
  client: SigningClient,
  parameters: TopUpParameters,
): Promise<TopUpReturnType> {
  const { address, streamId, amount } = parameters;
  try {
    const token = parameters.token ?? (await readTokenAddress(client, address));
    if (token === zeroAddress) {
      return {
        ...(await topUpNative(client, { address, streamId, amount })),
        approveHash: undefined,
      };
    }
    const { approveHash } = await ensureAllowance(client, { token, spender: address, amount });
    const { request } = await simulateContract(client, {
      address,
      abi: streamPaymentAbi,
      functionName: "topUp",
      args: [streamId, amount],
      account: client.account,
      chain: client.chain,
    });
    const hash = await writeWithGasMargin(client, request);
    await waitForSuccess(client, hash);
    return { hash, approveHash };
  } catch (err) {
    throw golemErrorFromContractError(err);
  }
}
