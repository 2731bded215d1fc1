import { describe, expect, it } from "vitest";
import { snapshotKey, snapshotMachineArgs } from "./snapshot-key.ts";

const inputs = {
  recipeHash: "a6af9b11bc733c8d",
  qemuVersion: "QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)",
  machineArgs: snapshotMachineArgs({ cpu: 2, memoryMiB: 1024 }, "tcg"),
};

describe("snapshotKey", () => {
  it("is stable for equal inputs", () => {
    expect(snapshotKey(inputs)).toMatch(/^[0-9a-f]{16}$/);
    expect(snapshotKey({ ...inputs, machineArgs: [...inputs.machineArgs] })).toBe(
      snapshotKey(inputs),
    );
  });

  it("changes with the image recipe, the QEMU version and each machine argument", () => {
    const key = snapshotKey(inputs);
    const variants = [
      { ...inputs, recipeHash: "a6af9b11bc733c8e" },
      { ...inputs, qemuVersion: "QEMU emulator version 7.2.23 (Debian 1:7.2+dfsg-7+deb12u19)" },
      { ...inputs, machineArgs: snapshotMachineArgs({ cpu: 1, memoryMiB: 1024 }, "tcg") },
      { ...inputs, machineArgs: snapshotMachineArgs({ cpu: 2, memoryMiB: 2048 }, "tcg") },
      { ...inputs, machineArgs: snapshotMachineArgs({ cpu: 2, memoryMiB: 1024 }, "kvm") },
      { ...inputs, machineArgs: [...inputs.machineArgs, "-device", "virtio-rng-pci"] },
    ];
    const keys = variants.map(snapshotKey);
    expect(new Set([key, ...keys]).size).toBe(variants.length + 1);
  });

  it("does not split differently joined arguments into the same key", () => {
    expect(snapshotKey({ ...inputs, machineArgs: ["-m", "1024M"] })).not.toBe(
      snapshotKey({ ...inputs, machineArgs: ["-m 1024M"] }),
    );
  });
});

describe("snapshotMachineArgs", () => {
  it("is the node's argv on virtio-blk with placeholders for what each clone has of its own", () => {
    const args = snapshotMachineArgs({ cpu: 2, memoryMiB: 1024 }, "tcg").join(" ");
    expect(args).toContain("-smp 2 -m 1024M");
    expect(args).toContain("-device virtio-blk-pci,drive=root");
    expect(args).toContain("-initrd <initrd>");
    expect(args).toContain("hostfwd=tcp:127.0.0.1:0-:22");
    expect(args).toContain("mac=52:54:00:5a:00:01");
    expect(args).not.toContain("nvme");
  });
});
