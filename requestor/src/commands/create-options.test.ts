import { isGolemError } from "@vm-on-golem/sdk/errors";
import { describe, expect, it } from "vitest";
import { parseCreateOptions } from "./create-options.ts";

const provider = "0x00000000000000000000000000000000000000aa";
const size = { providerId: provider, cpu: "2", memory: "4", storage: "20" };
const fieldOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (isGolemError(error, "VALIDATION_FAILED")) return error.details?.field;
    throw error;
  }
  throw new Error("expected VALIDATION_FAILED");
};

describe("parseCreateOptions", () => {
  it("checks the size and defaults to two hours of runway", () => {
    expect(parseCreateOptions("web-1", size)).toMatchObject({
      name: "web-1",
      providerId: "0x00000000000000000000000000000000000000AA",
      cpu: 2,
      memoryGiB: 4,
      storageGiB: 20,
      hours: 2,
      streamId: undefined,
      maxPrice: undefined,
      yes: false,
    });
    expect(parseCreateOptions("a", { ...size, hours: "0.5" }).hours).toBe(0.5);
    expect(parseCreateOptions("a", { ...size, maxPrice: "0.02" }).maxPrice).toBe("0.02");
    expect(parseCreateOptions("a", { ...size, streamId: "7" })).toMatchObject({
      hours: undefined,
      streamId: 7n,
    });
  });

  it("names the flag that is wrong", () => {
    expect(fieldOf(() => parseCreateOptions("Web_1", size))).toBe("name");
    expect(fieldOf(() => parseCreateOptions("web-1", { ...size, providerId: undefined }))).toBe(
      "--provider-id",
    );
    expect(fieldOf(() => parseCreateOptions("web-1", { ...size, providerId: "0x12" }))).toBe(
      "--provider-id",
    );
    expect(fieldOf(() => parseCreateOptions("web-1", { ...size, cpu: "0" }))).toBe("--cpu");
    expect(fieldOf(() => parseCreateOptions("web-1", { ...size, memory: "1.5" }))).toBe("--memory");
    expect(fieldOf(() => parseCreateOptions("web-1", { ...size, storage: undefined }))).toBe(
      "--storage",
    );
    expect(fieldOf(() => parseCreateOptions("web-1", { ...size, hours: "-1" }))).toBe("--hours");
    expect(fieldOf(() => parseCreateOptions("web-1", { ...size, hours: "1", streamId: "2" }))).toBe(
      "--stream-id",
    );
    expect(fieldOf(() => parseCreateOptions("web-1", { ...size, providerUrl: "not a url" }))).toBe(
      "--provider-url",
    );
    expect(fieldOf(() => parseCreateOptions("web-1", { ...size, streamId: "0" }))).toBe("streamId");
  });
});

describe("--pay", () => {
  it("is glm by default, eth or glm in any case, and nothing else", () => {
    expect(parseCreateOptions("a", size).pay).toBe("glm");
    expect(parseCreateOptions("a", { ...size, pay: "ETH" }).pay).toBe("eth");
    expect(parseCreateOptions("a", { ...size, pay: "glm" }).pay).toBe("glm");
    expect(fieldOf(() => parseCreateOptions("a", { ...size, pay: "usdc" }))).toBe("--pay");
  });
});
