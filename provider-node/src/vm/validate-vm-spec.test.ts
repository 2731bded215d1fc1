import { describe, expect, it } from "vitest";
import { parseVmId, type VmSpec } from "./driver.ts";
import { validateVmSpec } from "./validate-vm-spec.ts";

const spec: VmSpec = {
  id: parseVmId("vm-1"),
  cpu: 2,
  memoryMiB: 1024,
  storageGiB: 4,
  sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKey me@laptop",
  sshHostPort: 50800,
};

describe("validateVmSpec", () => {
  it("accepts a sound spec and returns its user data", () => {
    expect(validateVmSpec(spec).userData).toContain("name: golem");
  });

  it.each([
    [{ id: "../etc" }, /VM id/],
    [{ cpu: 0 }, /cpu must be/],
    [{ cpu: 1.5 }, /cpu must be/],
    [{ memoryMiB: 128 }, /memoryMiB must be/],
    [{ storageGiB: 0 }, /storageGiB must be/],
    [{ sshHostPort: 70_000 }, /sshHostPort must be/],
    [{ cloudInit: "#!/bin/sh\n" }, /only #cloud-config/],
  ])("refuses %o", (change, message) => {
    expect(() => validateVmSpec({ ...spec, ...change } as VmSpec)).toThrow(message);
  });

  it("refuses ids that are not lowercase names", () => {
    expect(() => parseVmId("A")).toThrow(/not valid/);
    expect(() => parseVmId("-a")).toThrow(/not valid/);
    expect(() => parseVmId("a".repeat(49))).toThrow(/not valid/);
    expect(parseVmId("a".repeat(48))).toHaveLength(48);
  });
});
