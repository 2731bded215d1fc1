import { GolemError } from "@vm-on-golem/sdk/errors";
import { describe, expect, test } from "vitest";
import { VmError } from "../vm/vm-error.ts";
import { redactPaths, toGolemError } from "./to-golem-error.ts";

describe("toGolemError", () => {
  test("maps every VM-layer code to an API code, keeping only requestor-safe hints", () => {
    const cases: Array<[VmError, string, number]> = [
      [new VmError("VM_NOT_FOUND", "VM a does not exist"), "VM_NOT_FOUND", 404],
      [new VmError("VM_NOT_RUNNING", "VM a does not run"), "VM_NOT_RUNNING", 409],
      [new VmError("VM_NOT_READY", "VM a boots"), "VM_INVALID_STATE", 409],
      [new VmError("VM_INVALID_SPEC", "cpu 0"), "VALIDATION_FAILED", 400],
      [new VmError("VM_ALREADY_EXISTS", "VM a exists"), "DRIVER_FAILED", 500],
      [new VmError("QMP_ERROR", "GenericError"), "DRIVER_FAILED", 500],
      [new VmError("IMAGE_CHECKSUM_MISMATCH", "bad image"), "DRIVER_UNAVAILABLE", 503],
    ];
    for (const [error, code, status] of cases) {
      const mapped = toGolemError(error, "could not stop VM a");
      expect(mapped).toBeInstanceOf(GolemError);
      expect([mapped.code, mapped.status]).toEqual([code, status]);
      expect(mapped.details).toEqual({ driverCode: error.code });
      expect(mapped.cause).toBe(error);
    }
  });

  test("a driver failure names no host path, stderr or argument", () => {
    const error = new VmError(
      "VM_START_FAILED",
      "QEMU could not start VM vm-1: qemu-system-x86_64: -drive file=/var/lib/golem/vms/vm-1/disk.qcow2: Could not open '/var/lib/golem/base.qcow2'",
      {
        hints: ["Install qemu-system-x86 on /usr/bin"],
        details: { stderr: "secret stderr", args: ["-drive", "/var/lib/golem"] },
      },
    );
    const json = JSON.stringify(toGolemError(error, "could not start VM vm-1").toJSON());
    expect(json).not.toMatch(/\/var\/lib|secret stderr|Install qemu/);
    expect(json).toContain("could not start VM vm-1: QEMU could not start VM vm-1");
    expect(json).toContain("<path>");
  });

  test("GolemErrors pass as they are; anything else is DRIVER_FAILED", () => {
    const golem = new GolemError("VM_NAME_TAKEN", "taken");
    expect(toGolemError(golem, "x")).toBe(golem);
    expect(toGolemError(new Error("EACCES /dev/kvm"), "could not start VM a")).toMatchObject({
      code: "DRIVER_FAILED",
      message: "could not start VM a: EACCES <path>",
    });
  });

  test("redactPaths keeps words and relative names", () => {
    expect(redactPaths("open /tmp/x/y.sock failed (file=/a/b): ok")).toBe(
      "open <path> failed (file=<path>): ok",
    );
    expect(redactPaths("VM vm-1 is 2/4 done")).toBe("VM vm-1 is 2/4 done");
  });
});
