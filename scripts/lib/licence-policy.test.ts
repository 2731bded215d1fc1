import { describe, expect, it } from "vitest";
import { classifyLicence, needsApacheNotice } from "./licence-policy.ts";

describe("classifyLicence", () => {
  it.each([
    ["MIT", "MIT"],
    ["Apache-2.0 OR MIT", "Apache-2.0 OR MIT"],
    ["(MIT OR GPL-3.0-or-later)", "(MIT OR GPL-3.0-or-later)"],
    ["BlueOak-1.0.0", "BlueOak-1.0.0"],
    // A misspelled identifier is corrected before the verdict.
    ["Apache 2.0", "Apache-2.0"],
  ])("ships %s as permissive", (declared, licence) => {
    expect(classifyLicence(declared)).toEqual({ kind: "permissive", licence });
  });

  it.each(["MPL-2.0", "LGPL-3.0-or-later", "CC-BY-4.0", "MIT AND CC-BY-4.0"])(
    "ships %s with a NOTICE entry",
    (declared) => {
      expect(classifyLicence(declared).kind).toBe("attribution");
    },
  );

  it.each(["AGPL-3.0-or-later", "GPL-2.0-only", "GPL-3.0", "MIT AND GPL-3.0-only", "SSPL-1.0"])(
    "refuses %s",
    (declared) => {
      expect(classifyLicence(declared).kind).toBe("forbidden");
    },
  );

  it("refuses UNLICENSED (npm's word for proprietary) instead of reading it as Unlicense", () => {
    expect(classifyLicence("UNLICENSED")).toMatchObject({
      kind: "forbidden",
      licence: "UNLICENSED",
    });
  });

  it.each([undefined, "", "SEE LICENSE IN LICENSE.md", "All rights reserved"])(
    "cannot read %j: unknown",
    (declared) => {
      expect(classifyLicence(declared).kind).toBe("unknown");
    },
  );
});

describe("needsApacheNotice", () => {
  it("is true only when Apache-2.0 is the one permissive way to meet the licence", () => {
    expect(needsApacheNotice("Apache-2.0")).toBe(true);
    expect(needsApacheNotice("Apache-2.0 OR MIT")).toBe(false);
    expect(needsApacheNotice("MIT")).toBe(false);
  });
});
