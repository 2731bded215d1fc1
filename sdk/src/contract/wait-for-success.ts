import type { Client, Hash, TransactionReceipt } from "viem";
import { waitForTransactionReceipt } from "viem/actions";
import { GolemError } from "../errors/golem-error.ts";

/**
 * Waits for a transaction's receipt and throws `CONTRACT_REVERTED` when it was mined but failed
 * (its simulation passed, so the chain's state changed in between).
 */
export async function waitForSuccess(client: Client, hash: Hash): Promise<TransactionReceipt> {
  const receipt = await waitForTransactionReceipt(client, { hash });
  if (receipt.status !== "success") {
    throw new GolemError("CONTRACT_REVERTED", `transaction ${hash} reverted when mined`, {
      hints: ["the chain changed after the transaction was checked; try again"],
      details: { hash, blockNumber: receipt.blockNumber.toString() },
    });
  }
  return receipt;
}
