import { buildUserData } from "./cloud-config.ts";
import { parseVmId, type VmSpec } from "./driver.ts";
import { VmError } from "./vm-error.ts";

/**
 * Checks a {@link VmSpec} before any driver touches the host: a valid id, whole positive
 * resources, a port in range, one SSH key line and a cloud-config that parses. Returns the
 * user data the spec produces.
 */
export function validateVmSpec(spec: VmSpec): { userData: string } {
  parseVmId(spec.id);
  const wholeInRange = (name: string, value: number, min: number, max: number, unit: string) => {
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new VmError(
        "VM_INVALID_SPEC",
        `${name} must be a whole number of ${unit} from ${min} to ${max}, not ${value}`,
      );
    }
  };
  wholeInRange("cpu", spec.cpu, 1, 256, "vCPUs");
  wholeInRange("memoryMiB", spec.memoryMiB, 256, 4 * 1024 * 1024, "MiB");
  wholeInRange("storageGiB", spec.storageGiB, 1, 64 * 1024, "GiB");
  wholeInRange("sshHostPort", spec.sshHostPort, 1, 65_535, "(port)");
  for (const p of spec.publishedPorts ?? []) {
    wholeInRange("publishedPorts.guestPort", p.guestPort, 1, 65_535, "(port)");
    wholeInRange("publishedPorts.hostPort", p.hostPort, 1, 65_535, "(port)");
  }
  return {
    userData: buildUserData({
      sshPublicKey: spec.sshPublicKey,
      userCloudConfig: spec.cloudInit,
      ...(spec.sshHostKeys ? { sshHostKeys: spec.sshHostKeys } : {}),
    }),
  };
}
