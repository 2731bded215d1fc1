"use client";

import { useQuery } from "@tanstack/react-query";
import { publicProviderClient, queuePublicRequest } from "../lib/provider-clients.ts";

/** Checks from the page that a provider API answers `provider/info` (5 s timeout), every 30 s. */
export function ReachabilityCell({ apiUrl }: { apiUrl: string }) {
  const check = useQuery({
    queryKey: ["reachability", apiUrl],
    // Through the page's pool: a long listing never opens a request per row at once.
    queryFn: () =>
      queuePublicRequest(async () => {
        const started = performance.now();
        const info = await publicProviderClient(apiUrl).providerInfo();
        return { ms: Math.round(performance.now() - started), usable: info.driver.usable };
      }),
    retry: false,
    refetchInterval: 30_000,
  });
  if (check.isPending) return <span data-testid="reachability">checking…</span>;
  if (check.error) {
    return (
      <span
        data-testid="reachability"
        data-reachable="false"
        className="bad"
        title={String(check.error.message)}
      >
        unreachable
      </span>
    );
  }
  return (
    <span data-testid="reachability" data-reachable="true" className="good">
      reachable ({check.data.ms} ms){check.data.usable ? "" : ", driver not usable"}
    </span>
  );
}
