import { expect, test } from "vitest";
import { advertApiUrl, advertContentOf, advertPlatform } from "./advert-content.ts";

test("the advert's API URL: public host, else a specific bind address, else a host address", () => {
  const interfaces = {
    lo: [{ address: "127.0.0.1", family: "IPv4", internal: true }],
    eth0: [{ address: "192.0.2.10", family: "IPv4", internal: false }],
  } as unknown as NodeJS.Dict<import("node:os").NetworkInterfaceInfo[]>;
  const url = (publicHost: string, bindHost: string) =>
    advertApiUrl({ publicHost, bindHost, port: 7466, interfaces });
  expect(url("p.example", "0.0.0.0")).toBe("http://p.example:7466");
  expect(url("2001:db8::1", "0.0.0.0")).toBe("http://[2001:db8::1]:7466");
  expect(url("auto", "127.0.0.1")).toBe("http://127.0.0.1:7466");
  expect(url("auto", "0.0.0.0")).toBe("http://192.0.2.10:7466");
  expect(advertApiUrl({ publicHost: "auto", bindHost: "::", port: 1, interfaces: {} })).toBe(
    "http://127.0.0.1:1",
  );
});

test("platform names and advert content from the budget, prices and config", () => {
  expect([advertPlatform("x86_64"), advertPlatform("x64"), advertPlatform("arm64")]).toEqual([
    "x86_64",
    "x86_64",
    "aarch64",
  ]);
  const content = advertContentOf({
    config: {
      country: "",
      ssh: { portRangeStart: 50_800, portRangeEnd: 50_900 },
      vms: { maxPublishedPorts: 4 },
    } as never,
    budget: {
      limit: { cpu: 7, memoryMib: 14_000, storageGib: 190 },
      free: { cpu: 3, memoryMib: 5_000, storageGib: 90 },
    },
    settings: {
      chainId: 31_337,
      streamPayment: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      token: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
      prices: { perCoreHour: 10n, perGiBMemoryHour: 2n, perGiBDiskHour: 1n },
    },
    apiUrl: "http://192.0.2.10:7466",
    platform: "x86_64",
  });
  expect(content).toEqual({
    apiUrl: "http://192.0.2.10:7466",
    // Memory in whole GiB, rounded down: never advertise more than can be given.
    resources: {
      total: { cpu: 7, memoryGiB: 13, storageGiB: 190 },
      free: { cpu: 3, memoryGiB: 4, storageGiB: 90 },
    },
    prices: { perCoreHour: 10n, perGiBMemoryHour: 2n, perGiBDiskHour: 1n },
    country: "ZZ",
    platform: "x86_64",
    chainId: 31_337,
    streamPayment: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    token: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
    // The config's end is not included; the advert's last port is.
    sshPorts: { first: 50_800, last: 50_899 },
    maxPublishedPorts: 4,
  });
});
