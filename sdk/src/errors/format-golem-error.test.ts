import { describe, expect, test } from "vitest";
import { formatGolemError } from "./format-golem-error.ts";
import { GolemError } from "./golem-error.ts";

describe("formatGolemError", () => {
  test("prints the code, the message and each hint", () => {
    const err = new GolemError(
      "STREAM_UNDERFUNDED",
      "stream 7 has 120 s of runway; the offer needs 3600 s",
    );
    expect(formatGolemError(err)).toMatchInlineSnapshot(`
      "error[STREAM_UNDERFUNDED]: stream 7 has 120 s of runway; the offer needs 3600 s
        hint: top up the stream with \`golem vm stream topup\` so its runway covers the minimum"
    `);
  });

  test("prints several hints in order", () => {
    const err = new GolemError("CHAIN_UNREACHABLE", "the chain's RPC endpoint did not answer", {
      hints: ["check the RPC URL", "run `./dev chain` for a local chain"],
    });
    expect(formatGolemError(err)).toMatchInlineSnapshot(`
      "error[CHAIN_UNREACHABLE]: the chain's RPC endpoint did not answer
        hint: check the RPC URL
        hint: run \`./dev chain\` for a local chain"
    `);
  });

  test("prints the same text for an error rebuilt from the API envelope", () => {
    const local = new GolemError("VM_NOT_FOUND", 'VM "web-1" does not exist', {
      details: { name: "web-1" },
    });
    const remote = GolemError.fromEnvelope(local.toJSON(), 404);
    expect(formatGolemError(remote)).toBe(formatGolemError(local));
    expect(formatGolemError(remote)).toMatchInlineSnapshot(`
      "error[VM_NOT_FOUND]: VM "web-1" does not exist
        hint: list your VMs with \`golem vm list\`"
    `);
  });

  test("verbose adds details and the chain of causes", () => {
    const root = new Error("connect ECONNREFUSED 127.0.0.1:8545\n    at TCPConnectWrap");
    const mid = new Error("HTTP request failed.", { cause: root });
    const err = new GolemError("CHAIN_UNREACHABLE", "the chain's RPC endpoint did not answer", {
      details: { url: "http://127.0.0.1:8545", attempts: 3, tags: ["rpc"] },
      cause: mid,
    });
    expect(formatGolemError(err, { verbose: true })).toMatchInlineSnapshot(`
      "error[CHAIN_UNREACHABLE]: the chain's RPC endpoint did not answer
        hint: check the RPC URL and that the node is running (\`./dev chain\` for a local chain)
        url: http://127.0.0.1:8545
        attempts: 3
        tags: ["rpc"]
        caused by: Error: HTTP request failed.
        caused by: Error: connect ECONNREFUSED 127.0.0.1:8545"
    `);
  });
});
