import {
  BaseError,
  ChainMismatchError,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  ContractFunctionZeroDataError,
  decodeErrorResult,
  type Hex,
  HttpRequestError,
  InsufficientFundsError,
  RawContractError,
  SocketClosedError,
  TimeoutError,
  UserRejectedRequestError,
  WebSocketRequestError,
} from "viem";
import { type ContractErrorArgs, contractErrors, contractErrorsAbi } from "./contract-errors.ts";
import { GolemError, type GolemErrorDetails, isGolemError, type JsonValue } from "./golem-error.ts";

/**
 * Turns whatever a viem contract call threw into a {@link GolemError}: a custom error through
 * {@link contractErrors}, a string or panic revert as `CONTRACT_REVERTED`, an unreachable RPC as
 * `CHAIN_UNREACHABLE`, a wrong chain as `CHAIN_MISMATCH`, a rejected wallet prompt as
 * `USER_REJECTED`; anything else as `INTERNAL`. A `GolemError` is returned as it is.
 *
 * @example
 * try { await topUp(client, params) } catch (err) { throw golemErrorFromContractError(err) }
 */
export function golemErrorFromContractError(error: unknown): GolemError {
  if (isGolemError(error)) return error;
  if (!(error instanceof BaseError)) {
    const message = error instanceof Error ? error.message : String(error);
    return new GolemError("INTERNAL", `unexpected error: ${message}`, { cause: error });
  }
  const call = error.walk(
    (e) => e instanceof ContractFunctionExecutionError,
  ) as ContractFunctionExecutionError | null;
  const callDetails: GolemErrorDetails = call
    ? {
        function: call.functionName,
        ...(call.contractAddress ? { contract: call.contractAddress } : {}),
      }
    : {};

  const revert = revertOf(error);
  if (revert) return fromRevert(revert, callDetails, error);

  const found = (type: abstract new (...args: never[]) => Error) =>
    error.walk((e) => e instanceof type) !== null;
  if (found(UserRejectedRequestError)) {
    return new GolemError("USER_REJECTED", "the wallet rejected the request", {
      details: callDetails,
      cause: error,
    });
  }
  if (found(ChainMismatchError)) {
    return new GolemError("CHAIN_MISMATCH", firstLine(error), {
      details: callDetails,
      cause: error,
    });
  }
  if (found(InsufficientFundsError) || saysNoGasFunds(error)) {
    return new GolemError(
      "INSUFFICIENT_FUNDS",
      "the account cannot pay the gas for this transaction",
      {
        hints: ["add the chain's native coin to the wallet for gas"],
        details: callDetails,
        cause: error,
      },
    );
  }
  if (found(ContractFunctionZeroDataError)) {
    return new GolemError(
      "DEPLOYMENT_NOT_FOUND",
      `no contract answered ${call ? `"${call.functionName}"` : "the call"}${call?.contractAddress ? ` at ${call.contractAddress}` : ""}`,
      {
        hints: ["check the contract address and that the RPC URL is of the deployment's chain"],
        details: callDetails,
        cause: error,
      },
    );
  }
  if (
    found(HttpRequestError) ||
    found(WebSocketRequestError) ||
    found(SocketClosedError) ||
    found(TimeoutError)
  ) {
    return new GolemError("CHAIN_UNREACHABLE", "the chain's RPC endpoint did not answer", {
      details: callDetails,
      cause: error,
    });
  }
  return new GolemError("INTERNAL", `unexpected chain error: ${firstLine(error)}`, {
    details: callDetails,
    cause: error,
  });
}

/**
 * Hardhat's node words a sender without gas money "Sender doesn't have enough funds to send tx",
 * which viem's InsufficientFundsError pattern does not match (it arrives as invalid params).
 */
function saysNoGasFunds(error: BaseError): boolean {
  return (
    error.walk((e) => e instanceof BaseError && /doesn't have enough funds/i.test(e.details)) !==
    null
  );
}

type Revert = { data: Hex | undefined; reason: string | undefined };

function revertOf(error: BaseError): Revert | undefined {
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (reverted instanceof ContractFunctionRevertedError) {
    return { data: reverted.raw, reason: reverted.reason };
  }
  const raw = error.walk((e) => e instanceof RawContractError);
  if (raw instanceof RawContractError) {
    const data = typeof raw.data === "object" ? raw.data.data : raw.data;
    return { data, reason: builtinReason(data) };
  }
  // A reverted plain transaction (a deploy, a raw send) carries the revert data on some RPC error
  // in the chain; take it only when it decodes, so unrelated `data` fields are not read as reverts.
  let found: Revert | undefined;
  error.walk((e) => {
    const data = hexData(e);
    if (data && (decode(data) || builtinReason(data)))
      found = { data, reason: builtinReason(data) };
    return found !== undefined;
  });
  return found;
}

function hexData(e: unknown): Hex | undefined {
  const data = typeof e === "object" && e !== null ? Reflect.get(e, "data") : undefined;
  const inner = typeof data === "object" && data !== null ? Reflect.get(data, "data") : data;
  return typeof inner === "string" && /^0x([0-9a-fA-F]{2}){4,}$/.test(inner)
    ? (inner as Hex)
    : undefined;
}

function fromRevert(revert: Revert, callDetails: GolemErrorDetails, cause: BaseError): GolemError {
  const decoded = decode(revert.data);
  if (decoded) {
    const entry = contractErrors[decoded.name as keyof typeof contractErrors];
    const args = decoded.args;
    return new GolemError(entry.code, entry.message(args), {
      ...("hint" in entry ? { hints: [entry.hint as string] } : {}),
      details: { ...callDetails, error: decoded.name, ...jsonArgs(args) },
      cause,
    });
  }
  const what = revert.reason
    ? `the contract reverted: ${revert.reason}`
    : revert.data && revert.data !== "0x"
      ? `the contract reverted with unknown error data ${revert.data.slice(0, 10)}`
      : "the contract reverted without a reason";
  return new GolemError("CONTRACT_REVERTED", what, {
    details: { ...callDetails, ...(revert.data ? { data: revert.data } : {}) },
    cause,
  });
}

/** Decodes with the table's own ABI, so argument names are the table's whatever ABI the call used. */
function decode(data: Hex | undefined): { name: string; args: ContractErrorArgs } | undefined {
  if (!data || data === "0x") return undefined;
  try {
    const { abiItem, errorName, args } = decodeErrorResult({ abi: contractErrorsAbi, data });
    if (!Object.hasOwn(contractErrors, errorName) || abiItem.type !== "error") return undefined;
    const named: Record<string, unknown> = {};
    abiItem.inputs.forEach((input, i) => {
      named[input.name ?? String(i)] = (args as readonly unknown[] | undefined)?.[i];
    });
    return { name: errorName, args: named };
  } catch {
    return undefined;
  }
}

/** The text of a Solidity `Error(string)` or `Panic(uint256)` revert. */
function builtinReason(data: Hex | undefined): string | undefined {
  if (!data || data === "0x") return undefined;
  try {
    const { errorName, args } = decodeErrorResult({ abi: [], data });
    if (errorName === "Error" || errorName === "Panic") return String(args?.[0]);
  } catch {
    // not a built-in error; the caller reports the raw selector
  }
  return undefined;
}

function jsonArgs(args: ContractErrorArgs): GolemErrorDetails {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(args)) {
    out[key] = typeof value === "bigint" ? value.toString() : (value as JsonValue);
  }
  return out;
}

function firstLine(error: BaseError): string {
  return error.shortMessage.split("\n")[0] ?? error.name;
}
