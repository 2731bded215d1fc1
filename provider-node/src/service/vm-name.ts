import { GolemError } from "@vm-on-golem/sdk/errors";

const namePattern = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Checks a VM name: a DNS label (1–63 lowercase letters, digits and inner hyphens), since
 * it becomes the guest's host name. Fails with `VALIDATION_FAILED`.
 *
 * @example parseVmName("web-1"); // "web-1"
 */
export function parseVmName(name: string): string {
  if (!namePattern.test(name)) {
    throw new GolemError("VALIDATION_FAILED", `VM name ${JSON.stringify(name)} is not valid`, {
      hints: [
        "use 1–63 lowercase letters, digits and hyphens, starting and ending with a letter or digit",
      ],
      details: { fields: [{ path: "name", message: "not a DNS label" }] },
    });
  }
  return name;
}
