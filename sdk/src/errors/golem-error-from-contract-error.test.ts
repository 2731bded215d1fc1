import {
  type Abi,
  type AbiParameter,
  BaseError,
  ChainMismatchError,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  ContractFunctionZeroDataError,
  encodeErrorResult,
  HttpRequestError,
  InsufficientFundsError,
  RawContractError,
  UserRejectedRequestError,
} from "viem";
import { describe, expect, test } from "vitest";
import { type ContractErrorArgs, contractErrors, contractErrorsAbi } from "./contract-errors.ts";
import { errorCodes } from "./error-codes.ts";
import { GolemError } from "./golem-error.ts";
import { golemErrorFromContractError } from "./golem-error-from-contract-error.ts";

const contract = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

/** What viem throws from simulateContract / writeContract when the call reverts with `data`. */
function revertedCall(data: `0x${string}`, abi: Abi = contractErrorsAbi) {
  const reverted = new ContractFunctionRevertedError({ abi, data, functionName: "topUp" });
  return new ContractFunctionExecutionError(reverted, {
    abi: [],
    functionName: "topUp",
    contractAddress: contract,
  });
}

function sampleArg(param: AbiParameter, i: number): unknown {
  if (param.type === "address") return `0x${String(i + 1).repeat(40)}`;
  if (param.type.startsWith("uint")) return 1000n + BigInt(i);
  throw new Error(`no sample for ${param.type}`);
}

describe("golemErrorFromContractError", () => {
  for (const [name, entry] of Object.entries(contractErrors)) {
    test(`maps ${name} to ${entry.code}`, () => {
      const item = contractErrorsAbi.find((x) => x.type === "error" && x.name === name);
      if (item?.type !== "error") throw new Error(`${name} is not in contractErrorsAbi`);
      const args = item.inputs.map(sampleArg);
      const data = encodeErrorResult({ abi: contractErrorsAbi, errorName: name, args });

      const err = golemErrorFromContractError(revertedCall(data));

      const named: Record<string, unknown> = {};
      item.inputs.forEach((input, i) => {
        named[input.name as string] = args[i];
      });
      expect(err).toBeInstanceOf(GolemError);
      expect(err.code).toBe(entry.code);
      expect(err.message).toBe(entry.message(named as ContractErrorArgs));
      expect(err.hints).toEqual(["hint" in entry ? entry.hint : errorCodes[entry.code].hint]);
      expect(err.details).toMatchObject({ function: "topUp", contract, error: name });
      for (const [key, value] of Object.entries(named)) {
        expect(err.details?.[key]).toBe(typeof value === "bigint" ? value.toString() : value);
      }
      // The envelope must be JSON: bigints are sent as decimal strings.
      expect(() => JSON.stringify(err)).not.toThrow();
    });
  }

  test("decodes with the table's ABI even when the call's ABI lacks the error", () => {
    const data = encodeErrorResult({
      abi: contractErrorsAbi,
      errorName: "StreamPayment_StreamNotFound",
      args: [42n],
    });
    const err = golemErrorFromContractError(revertedCall(data, []));
    expect(err.code).toBe("STREAM_NOT_FOUND");
    expect(err.message).toBe("stream 42 does not exist");
  });

  test("reads revert data from a RawContractError (eth_call without an ABI)", () => {
    const data = encodeErrorResult({ abi: contractErrorsAbi, errorName: "StreamPayment_RateZero" });
    expect(golemErrorFromContractError(new RawContractError({ data })).code).toBe("RATE_ZERO");
    expect(golemErrorFromContractError(new RawContractError({ data: { data } })).code).toBe(
      "RATE_ZERO",
    );
  });

  test("finds revert data on any error of the chain, but only when it decodes", () => {
    const data = encodeErrorResult({
      abi: contractErrorsAbi,
      errorName: "StreamPayment_StreamClosed",
      args: [5n],
    });
    const rpc = (d: string) =>
      new BaseError("An unknown RPC error occurred.", {
        cause: Object.assign(new Error("VM Exception"), { data: d }),
      });
    expect(golemErrorFromContractError(rpc(data)).code).toBe("STREAM_CLOSED");
    expect(golemErrorFromContractError(rpc("0xdeadbeef00")).code).toBe("INTERNAL");
  });

  test("a require-string revert is CONTRACT_REVERTED with the reason", () => {
    const data = encodeErrorResult({
      abi: [{ type: "error", name: "Error", inputs: [{ name: "message", type: "string" }] }],
      errorName: "Error",
      args: ["nope"],
    });
    const err = golemErrorFromContractError(revertedCall(data));
    expect(err.code).toBe("CONTRACT_REVERTED");
    expect(err.message).toBe("the contract reverted: nope");
    expect(golemErrorFromContractError(new RawContractError({ data })).message).toBe(
      "the contract reverted: nope",
    );
  });

  test("an unknown custom error is CONTRACT_REVERTED with its selector", () => {
    const data = encodeErrorResult({
      abi: [{ type: "error", name: "Mystery", inputs: [] }],
      errorName: "Mystery",
    });
    const err = golemErrorFromContractError(revertedCall(data));
    expect(err.code).toBe("CONTRACT_REVERTED");
    expect(err.message).toBe(`the contract reverted with unknown error data ${data}`);
    expect(err.details).toMatchObject({ data });
    expect(golemErrorFromContractError(revertedCall("0x")).message).toBe(
      "the contract reverted without a reason",
    );
  });

  test("transport, chain, wallet and gas failures get their own codes", () => {
    const http = new HttpRequestError({ url: "http://127.0.0.1:8545", details: "ECONNREFUSED" });
    expect(golemErrorFromContractError(http).code).toBe("CHAIN_UNREACHABLE");
    const rejected = new UserRejectedRequestError(new Error("User denied"));
    expect(golemErrorFromContractError(rejected).code).toBe("USER_REJECTED");
    const mismatch = new ChainMismatchError({
      chain: { id: 1, name: "Ethereum" } as never,
      currentChainId: 31337,
    });
    expect(golemErrorFromContractError(mismatch).code).toBe("CHAIN_MISMATCH");
    const gas = golemErrorFromContractError(new InsufficientFundsError());
    expect(gas.code).toBe("INSUFFICIENT_FUNDS");
    expect(gas.hints).toEqual(["add the chain's native coin to the wallet for gas"]);
    const noContract = new ContractFunctionExecutionError(
      new ContractFunctionZeroDataError({ functionName: "getStream" }),
      { abi: [], functionName: "getStream", contractAddress: contract },
    );
    const missing = golemErrorFromContractError(noContract);
    expect(missing.code).toBe("DEPLOYMENT_NOT_FOUND");
    expect(missing.message).toBe(`no contract answered "getStream" at ${contract}`);
  });

  test("keeps a GolemError and wraps anything else as INTERNAL", () => {
    const golem = new GolemError("VM_NOT_FOUND", "gone");
    expect(golemErrorFromContractError(golem)).toBe(golem);
    const other = golemErrorFromContractError(new TypeError("x is undefined"));
    expect(other.code).toBe("INTERNAL");
    expect(other.message).toBe("unexpected error: x is undefined");
    expect(other.cause).toBeInstanceOf(TypeError);
  });
});
