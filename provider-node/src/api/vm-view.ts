import type { z } from "zod";
import type { VmRecord } from "../state/vm-store.ts";
import type { vmViewSchema } from "./api-schemas.ts";

/** A VM row as the API shows it. */
export function vmView(vm: VmRecord): z.output<typeof vmViewSchema> {
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
    streamId: vm.streamId,
    error: vm.error,
    createdAt: new Date(vm.createdAt).toISOString(),
    updatedAt: new Date(vm.updatedAt).toISOString(),
  };
}
