// After `npm start` prints the demo API keys: does the database hold the same ones?
import { hashApiKey } from '../demo-keys.mjs';

/**
 * The apps add a bootstrap key only when its name is new, so a re-created .local/demo-keys.json (with the same
 * database kept) would print keys that the API refuses. Say so instead of leaving the user with 401s.
 */
export async function checkDemoKeysMatch(demoKeys, env, say) {
  let client;
  try {
    const { MongoClient } = await import('mongodb');
    client = new MongoClient(env.MONGO_URL, { serverSelectionTimeoutMS: 3000 });
    const names = demoKeys.map((entry) => entry.name);
    const stored = await client
      .db(env.MONGO_DB || 'breachline')
      .collection('api_keys')
      .find({ name: { $in: names } })
      .toArray();
    for (const entry of demoKeys) {
      const doc = stored.find((d) => d.name === entry.name);
      if (doc && (doc._id !== hashApiKey(entry.key) || doc.revokedAt)) {
        say(
          `WARNING: the database has ${doc.revokedAt ? 'revoked' : 'a different'} key "${entry.name}", so its demo key ` +
            `above will be refused; delete that document from the api_keys collection and restart to use the file's key`,
        );
      }
    }
  } catch (error) {
    say(`could not compare the demo keys with the database: ${error.message}`);
  } finally {
    await client?.close().catch(() => {});
  }
}
