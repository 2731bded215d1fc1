import type { ProviderInfoView } from "../src/provider-api/provider-info.ts";

/**
 * A `GET /api/v1/provider/info` answer that matches the provider API's schema, for stub
 * providers in tests (a paid node with free room); `overrides` replace whole fields.
 *
 * @example res.end(JSON.stringify(testProviderInfo({ providerId: account.address })));
 */
export function testProviderInfo(overrides: Partial<ProviderInfoView> = {}): ProviderInfoView {
  return {
    providerId: "0x00000000000000000000000000000000000000aa",
    name: "stub",
    country: "SE",
    network: "local",
    version: "0.0.0",
    driver: { name: "qemu", accel: "kvm", usable: true, reason: null },
    resources: {
      total: { cpu: 4, memoryGiB: 8, storageGiB: 100 },
      free: { cpu: 4, memoryGiB: 8, storageGiB: 100 },
      vms: { max: 4, used: 0, free: 4 },
    },
    prices: { perCoreHour: "1000", perGiBMemoryHour: "200", perGiBDiskHour: "3" },
    payments: null,
    paymentsEnabled: true,
    apiExtensions: [],
    ...overrides,
  };
}
