"use client";

import { useQuery } from "@tanstack/react-query";
import { publicProviderClient, queuePublicRequest } from "../lib/provider-clients.ts";
import { Badge } from "./ui/badge.tsx";

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
  if (check.isPending) {
    return (
      <Badge variant="outline" data-testid="reachability">
        checking…
      </Badge>
    );
  }
  if (check.error) {
    return (
      <Badge
        variant="destructive"
        data-testid="reachability"
        data-reachable="false"
        title={String(check.error.message)}
      >
        unreachable
      </Badge>
    );
  }
  return (
    <Badge
      variant={check.data.usable ? "success" : "warning"}
      data-testid="reachability"
      data-reachable="true"
    >
      reachable ({check.data.ms} ms){check.data.usable ? "" : ", driver not usable"}
    </Badge>
  );
}
