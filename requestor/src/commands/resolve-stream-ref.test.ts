import { isGolemError } from "@vm-on-golem/sdk/errors";
import { describe, expect, it } from "vitest";
import type { VmRow } from "../state/requestor-db.ts";
import { resolveStreamRef, streamArgument } from "./resolve-stream-ref.ts";

const vm = (streamId: string | null) => ({ name: "web-1", streamId }) as VmRow;

describe("resolveStreamRef", () => {
  it("reads digits as a stream id", () => {
    expect(resolveStreamRef("42", { getVm: () => undefined })).toEqual({
      streamId: 42n,
      vmName: undefined,
    });
  });
  it("looks a VM name up", () => {
    expect(resolveStreamRef("web-1", { getVm: () => vm("7") })).toEqual({
      streamId: 7n,
      vmName: "web-1",
    });
  });
  it("fails with VM_NOT_FOUND and STREAM_NOT_FOUND", () => {
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return isGolemError(error) ? error.code : "other";
      }
    };
    expect(codeOf(() => resolveStreamRef("nope", { getVm: () => undefined }))).toBe("VM_NOT_FOUND");
    expect(codeOf(() => resolveStreamRef("web-1", { getVm: () => vm(null) }))).toBe(
      "STREAM_NOT_FOUND",
    );
    expect(codeOf(() => resolveStreamRef("0", { getVm: () => undefined }))).toBe(
      "VALIDATION_FAILED",
    );
  });
});

describe("streamArgument", () => {
  it("takes the argument or the seed's --stream-id flag", () => {
    expect(streamArgument("7", undefined)).toBe("7");
    expect(streamArgument(undefined, "7")).toBe("7");
    expect(streamArgument("7", "7")).toBe("7");
  });
  it("refuses none or two different ones", () => {
    expect(() => streamArgument(undefined, undefined)).toThrow(/name the stream/);
    expect(() => streamArgument("7", "8")).toThrow(/once/);
  });
});
