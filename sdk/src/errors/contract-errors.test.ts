import { formatAbiItem } from "viem/utils";
import { describe, expect, test } from "vitest";
import { glmAbi } from "../abi/glm-abi.generated.ts";
import { streamPaymentAbi } from "../abi/stream-payment-abi.generated.ts";
import { streamPaymentNativeAbi } from "../abi/stream-payment-native-abi.generated.ts";
import { contractErrors, contractErrorsAbi } from "./contract-errors.ts";
import { errorCodes } from "./error-codes.ts";

const tableSignatures = new Map(
  contractErrorsAbi.flatMap((item) =>
    item.type === "error" ? [[item.name, formatAbiItem(item)] as const] : [],
  ),
);

function errorsOf(abi: readonly { type: string }[]) {
  return abi.flatMap((item) =>
    item.type === "error" ? [item as Parameters<typeof formatAbiItem>[0] & { name: string }] : [],
  );
}

describe("contractErrors", () => {
  test("covers every StreamPayment error with the artifact's exact signature", () => {
    const errors = errorsOf(streamPaymentAbi);
    expect(errors.length).toBeGreaterThan(10);
    for (const item of errors) {
      expect(tableSignatures.get(item.name), item.name).toBe(formatAbiItem(item));
    }
  });

  test("covers every StreamPaymentNative error with the artifact's exact signature", () => {
    const errors = errorsOf(streamPaymentNativeAbi);
    expect(errors.map((item) => item.name)).toContain("StreamPayment_ValueMismatch");
    for (const item of errors) {
      expect(tableSignatures.get(item.name), item.name).toBe(formatAbiItem(item));
    }
  });

  test("covers the test token's own errors and the ERC20 / ERC2612 errors users hit", () => {
    const wanted = errorsOf(glmAbi).filter(
      (item) =>
        item.name.startsWith("TestGLM_") ||
        [
          "ERC20InsufficientBalance",
          "ERC20InsufficientAllowance",
          "ERC2612ExpiredSignature",
          "ERC2612InvalidSigner",
        ].includes(item.name),
    );
    expect(wanted.length).toBe(6);
    for (const item of wanted) {
      expect(tableSignatures.get(item.name), item.name).toBe(formatAbiItem(item));
    }
  });

  test("every entry maps to a known code and is in contractErrorsAbi once", () => {
    for (const [name, entry] of Object.entries(contractErrors)) {
      expect(errorCodes[entry.code], name).toBeDefined();
      expect(entry.signature.startsWith(`error ${name}(`), name).toBe(true);
    }
    expect(tableSignatures.size).toBe(Object.keys(contractErrors).length);
  });
});
