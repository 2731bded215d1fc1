import { MyVmsView } from "../../src/components/my-vms-view.tsx";

export const metadata = { title: "My VMs · VM on Golem" };

export default function MyVmsPage() {
  return (
    <section>
      <h1>My VMs</h1>
      <MyVmsView />
    </section>
  );
}
