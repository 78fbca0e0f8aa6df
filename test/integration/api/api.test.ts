import { accountsTests } from "./accounts-part";
import { useApiWorld } from "./api-world";
import { automationSettingsTests } from "./automation-settings-part";
import { runsTests } from "./runs-part";
import { tenantIsolationTests } from "./tenant-isolation-part";

// Accounts, API keys, tenancy and the REST API against the real Next.js app, a real worker
// process and a fake SaaS API. One world for all of it (starting the app is the slow part);
// the parts run in this order because later ones use what earlier ones created.
const world = useApiWorld();
accountsTests(world);
runsTests(world);
automationSettingsTests(world);
tenantIsolationTests(world);
