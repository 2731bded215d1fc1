import type { Address, Client } from "viem";
import { readContract } from "viem/actions";
import { streamPaymentAbi } from "../abi/stream-payment-abi.generated.ts";

/** The token a StreamPayment deployment streams (`token()`); errors are left to the caller. */
export function readTokenAddress(client: Client, address: Address): Promise<Address> {
  return readContract(client, { address, abi: streamPaymentAbi, functionName: "token" });
}
