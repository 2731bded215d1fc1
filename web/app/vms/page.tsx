import { MyVmsView } from "../../src/components/my-vms-view.tsx";
import { PageTitle } from "../../src/components/page-title.tsx";

export const metadata = { title: "My VMs · VM on Golem" };

export default function MyVmsPage() {
  return (
    <section>
      <PageTitle title="My VMs">
        Your VMs, from this browser and from every provider your streams pay: status, runway, top
        up, stop, start, destroy.
      </PageTitle>
      <MyVmsView />
    </section>
  );
}
