import type { Address, Hash, Hex } from "viem";
import { simulateContract } from "viem/actions";
import { streamPaymentAbi } from "../abi/stream-payment-abi.generated.ts";
import { golemErrorFromContractError } from "../errors/golem-error-from-contract-error.ts";
import type { StreamId } from "../stream/stream-id.ts";
import { ensureAllowance } from "./ensure-allowance.ts";
import { readTokenAddress } from "./read-token-address.ts";
import { streamIdFromReceipt } from "./stream-id-from-receipt.ts";
import type { StreamTerms } from "./stream-terms.ts";
import { waitForSuccess } from "./wait-for-success.ts";
import type { SigningClient } from "./wallet-client.ts";
import { writeWithGasMargin } from "./write-with-gas-margin.ts";

/** Parameters of {@link createStream}. */
export type CreateStreamParameters = StreamTerms & {
  /** What `topUpFromBudget` may later pull into the stream (base units); default 0 (none). */
  topUpBudget?: bigint | undefined;
  /** The deployment's token; read from the contract when omitted. */
  token?: Address | undefined;
};

/** Result of {@link createStream}. */
export type CreateStreamReturnType = {
  streamId: StreamId;
  /** The createStream transaction. */
  hash: Hash;
  /** The approve sent first, when the allowance was short. */
  approveHash: Hash | undefined;
};

/**
 * Opens a stream from the client's account: approves the deposit (plus the top-up budget, when
 * one is given) when the allowance is short, then calls `createStream` (`createStreamWithBudget`
 * with a budget) and waits for it. Every failure is a `GolemError`.
 *
 * @example
 * const { streamId } = await createStream(wallet, {
 *   address: deployment.contracts.StreamPayment.address,
 *   recipient: offer.provider,
 *   deposit: depositForDuration(offer.ratePerSecond, 3600n),
 *   ratePerSecond: offer.ratePerSecond,
 *   serviceId,
 * });
 */
export async function createStream(
  client: SigningClient,
  parameters: CreateStreamParameters,
): Promise<CreateStreamReturnType> {
  const { address, recipient, deposit, ratePerSecond, serviceId } = parameters;
  try {
    const token = parameters.token ?? (await readTokenAddress(client, address));
    // Check the arguments before any approve, so a bad call costs no transaction.
    const args = [recipient, deposit, ratePerSecond, serviceId] as const;
    await checkCreateArguments(client, address, args);
    const topUpBudget = parameters.topUpBudget ?? 0n;
    const { approveHash } = await ensureAllowance(client, {
      token,
      spender: address,
      amount: deposit + topUpBudget,
      held: deposit,
    });
    const call = { address, abi: streamPaymentAbi, account: client.account, chain: client.chain };
    const hash =
      topUpBudget === 0n
        ? await writeWithGasMargin(
            client,
            (await simulateContract(client, { ...call, functionName: "createStream", args }))
              .request,
          )
        : await writeWithGasMargin(
            client,
            (
              await simulateContract(client, {
                ...call,
                functionName: "createStreamWithBudget",
                args: [...args, topUpBudget],
              })
            ).request,
          );
    const receipt = await waitForSuccess(client, hash);
    return { streamId: streamIdFromReceipt(receipt, address), hash, approveHash };
  } catch (err) {
    throw golemErrorFromContractError(err);
  }
}

/**
 * Simulates createStream from an account with no tokens yet approved: the contract checks its
 * arguments before pulling the deposit, so only a token error (expected here) may remain.
 */
async function checkCreateArguments(
  client: SigningClient,
  address: Address,
  args: readonly [Address, bigint, bigint, Hex],
): Promise<void> {
  try {
    await simulateContract(client, {
      address,
      abi: streamPaymentAbi,
      functionName: "createStream",
      args,
      account: client.account,
      chain: client.chain,
    });
  } catch (err) {
    const golem = golemErrorFromContractError(err);
    if (golem.code === "INSUFFICIENT_ALLOWANCE" || golem.code === "INSUFFICIENT_FUNDS") return;
    throw golem;
  }
}
