import { faultInfra, useFaultServers, wipeFaultData } from './fault-env.mjs';

/** Stops the fault servers and deletes their data. */
export default async function globalTeardown(): Promise<void> {
  useFaultServers();
  await (await faultInfra()).down({ quiet: true });
  wipeFaultData();
}
