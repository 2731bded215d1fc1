import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadProviderConfig } from "../config/load-provider-config.ts";
import { ephemeralOverlapWarnings } from "./ephemeral-overlap-warnings.ts";

const linuxDefault = { range: { start: 32_768, end: 61_000 }, reserved: [] };

async function configWith(ssh: Record<string, number>) {
  const homeDir = await mkdtemp(join(tmpdir(), "ephemeral-config-"));
  try {
    const env = Object.fromEntries(
      Object.entries(ssh).map(([key, value]) => [
        `GOLEM_PROVIDER_SSH_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`,
        String(value),
      ]),
    );
    return (await loadProviderConfig({ homeDir, env })).config;
  } finally {
    await rm(homeDir, { recursive: true, force: true });
  }
}

describe("ephemeralOverlapWarnings", () => {
  test("the default ranges lie outside a default Linux ephemeral range: no warning", async () => {
    expect(ephemeralOverlapWarnings(await configWith({}), linuxDefault)).toEqual([]);
  });

  test("the old default range (50800-50899) is warned about, with both ways out", async () => {
    const config = await configWith({ portRangeStart: 50_800, portRangeEnd: 50_900 });
    const [warning, ...rest] = ephemeralOverlapWarnings(config, linuxDefault);
    expect(rest).toEqual([]);
    expect(warning).toContain(
      "100 public SSH port(s) (ssh.portRangeStart/End 50800-50899) lie in the kernel's ephemeral port range 32768-60999",
    );
    expect(warning).toContain("sysctl -w net.ipv4.ip_local_reserved_ports=50800-50899");
    // Reserved from the ephemeral range: nothing to warn about.
    const reserved = { ...linuxDefault, reserved: [{ start: 50_800, end: 50_900 }] };
    expect(ephemeralOverlapWarnings(config, reserved)).toEqual([]);
    // No /proc (another OS): nothing known, nothing said.
    expect(ephemeralOverlapWarnings(config, undefined)).toEqual([]);
  });
});
