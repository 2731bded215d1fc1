import type { Abi, ContractFunctionArgs, ContractFunctionName, Hash } from "viem";
import {
  type EstimateContractGasParameters,
  estimateContractGas,
  type WriteContractParameters,
  writeContract,
} from "viem/actions";
import type { SigningClient } from "./wallet-client.ts";

/**
 * The least gas added to an estimate: a little more than one SSTORE of a zero slot (20,000)
 * beyond a write to a non-zero one (2,900). An estimate is taken on the state as it is; when
 * another user's transaction lands first and empties a slot this one writes (the last stream's
 * terminate leaves the contract's token balance at zero), the same call costs that much more:
 * createStream measured 142,650 while the contract held tokens and 160,374 when it was empty.
 */
export const MIN_GAS_MARGIN = 20_000n;

/**
 * Gas limit for a write whose estimate is `estimate`: +25 % and at least {@link MIN_GAS_MARGIN}.
 * A quarter covers the measured 12 % swing of createStream with room for a second changed slot;
 * the floor covers small calls (withdraw, ~60k) whose quarter is less than one zero-slot write.
 * Unused gas is not charged, so the margin costs nothing but a higher balance check.
 *
 * @example gasWithMargin(142_650n) // 178_312n
 */
export function gasWithMargin(estimate: bigint): bigint {
  const quarter = estimate / 4n;
  return estimate + (quarter > MIN_GAS_MARGIN ? quarter : MIN_GAS_MARGIN);
}

/** The last write of each account (by chain and address), so the next one waits for it. */
const lastWrite = new Map<string, Promise<unknown>>();

/**
 * Runs `send` after every earlier write of the same account was sent. Two writes at once from
 * one key (the provider closing two streams) both took the pending nonce, and the second was
 * refused ("nonce too low"); one at a time, each reads the nonce after the last was accepted.
 */
async function oneAtATime<T>(key: string, send: () => Promise<T>): Promise<T> {
  const before = lastWrite.get(key) ?? Promise.resolve();
  const run = before.then(send);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  lastWrite.set(key, settled);
  try {
    return await run;
  } finally {
    if (lastWrite.get(key) === settled) lastWrite.delete(key);
  }
}

/**
 * Sends a contract write (a request from `simulateContract`) with its gas estimate plus
 * {@link gasWithMargin}, where viem would send the bare estimate; writes from one account go
 * out one at a time, each estimated and given its nonce after the one before was sent. Every
 * write of the sdk goes through here.
 *
 * @example const hash = await writeWithGasMargin(wallet, (await simulateContract(wallet, call)).request);
 */
export async function writeWithGasMargin<
  const abi extends Abi | readonly unknown[],
  functionName extends ContractFunctionName<abi, "nonpayable" | "payable">,
  args extends ContractFunctionArgs<abi, "nonpayable" | "payable", functionName>,
>(
  client: SigningClient,
  request: WriteContractParameters<abi, functionName, args, SigningClient["chain"]>,
): Promise<Hash> {
  const key = `${client.chain?.id ?? client.uid}:${client.account.address.toLowerCase()}`;
  return oneAtATime(key, async () => {
    const estimate = await estimateContractGas(
      client,
      request as unknown as EstimateContractGasParameters<abi, functionName, args>,
    );
    return writeContract(client, { ...request, gas: gasWithMargin(estimate) } as typeof request);
  });
}
