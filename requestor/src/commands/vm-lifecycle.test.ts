import { describe, expect, it } from "vitest";
import { type DestroyResult, describeDestroy } from "./vm-lifecycle.ts";

const base: DestroyResult = {
  name: "web-1",
  vmId: "vm-1",
  destroyedOnProvider: true,
  streamId: "7",
  terminated: false,
  terminatedBy: null,
  streamClosed: null,
  refunded: null,
  paidToProvider: null,
  terminateTx: null,
};
const glm = (v: bigint) => `${v} wei`;
const streamLine = (result: Partial<DestroyResult>) =>
  describeDestroy({ ...base, ...result }, glm)
    .split("\n")
    .find((line) => line.startsWith("Stream"));

describe("describeDestroy says who closed the stream", () => {
  it("the CLI terminated it: refund and provider's share", () => {
    const text = describeDestroy(
      {
        ...base,
        terminated: true,
        terminatedBy: "requestor",
        streamClosed: true,
        refunded: 90n,
        paidToProvider: 10n,
      },
      glm,
    );
    expect(text).toMatch(/^Stream +: #7 terminated$/m);
    expect(text).toMatch(/^Refunded +: 90 wei$/m);
    expect(text).toMatch(/^Paid to provider +: 10 wei$/m);
  });

  it("the provider terminated it on destroy (--keep-stream)", () => {
    expect(streamLine({ terminated: true, terminatedBy: "provider", streamClosed: true })).toMatch(
      /#7 terminated by the provider$/,
    );
  });

  it("it was closed before, quietly; or it is still open", () => {
    expect(streamLine({ streamClosed: true })).toMatch(/#7 already closed$/);
    expect(streamLine({ streamClosed: false })).toMatch(/#7 left open$/);
    expect(streamLine({ streamId: null })).toMatch(/Stream +: -$/);
  });
});
