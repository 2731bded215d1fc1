import type { VmView } from "@vm-on-golem/sdk/provider-api";
import { redactPaths } from "../service/to-golem-error.ts";
import type { VmRecord } from "../state/vm-store.ts";
import { publicKeyOf } from "../vm/host-keys.ts";

/** A VM row as the API shows it to its owner (host paths in `error` are `<path>`). */
export function vmView(vm: VmRecord): VmView {
  return {
    id: vm.id,
    name: vm.name,
    status: vm.status,
    resources: {
      cpu: vm.cpu,
      memoryGiB: vm.memoryMib / 1024,
      storageGiB: vm.storageGib,
    },
    sshPort: vm.sshPort,
    sshHostKeys: vm.sshHostKeys ? vm.sshHostKeys.map(publicKeyOf) : null,
    publishedPorts: vm.published.map((p) => ({ guestPort: p.guestPort, port: p.publicPort })),
    streamId: vm.streamId,
    // The row keeps the whole text for the operator; the owner sees no host paths.
    error: vm.error === null ? null : redactPaths(vm.error),
    createdAt: new Date(vm.createdAt).toISOString(),
    updatedAt: new Date(vm.updatedAt).toISOString(),
  };
}
