import type { VmService } from "../service/vm-service.ts";

/**
 * The same service, calling `onChange` after every call that can change what the node has
 * free (create reserves, destroy frees, recovery may clean up), whether the call succeeded or
 * not. The node passes this one to the API, the monitor and the operator socket, so every path
 * is seen; work that finishes later (a failed create undone) is caught by the advert's poll.
 *
 * @example const service = onServiceChange(createVmService(options), () => void discovery?.refresh());
 */
export function onServiceChange(service: VmService, onChange: () => void): VmService {
  const after =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await call(...args);
      } finally {
        onChange();
      }
    };
  return {
    ...service,
    createVm: after(service.createVm),
    destroyVm: after(service.destroyVm),
    recover: after(service.recover),
  };
}
