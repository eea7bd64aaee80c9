// What `npm start` prints once the case-api is ready: the apps, the URLs, the demo API keys and a request to try.

/**
 * The banner's lines. `demoKeys` is null when the keys come from the caller's own BREACHLINE_API_KEYS_FILE;
 * `demoKeysFile` is the demo keys' file as shown to the user.
 */
export function readyBanner({ startedIn, appNames, apiUrl, demoKeys, demoKeysFile, keysFile, stopsServers }) {
  const lines = [
    '',
    `Breachline is ready (${startedIn}): ${appNames.join(', ')}`,
    `  API     ${apiUrl}`,
    `  health  ${apiUrl}/health/ready`,
  ];
  if (demoKeys) {
    const rows = demoKeys.map((e) => [e.name, e.regulatorId ? `${e.role} ${e.regulatorId}` : e.role, e.key]);
    const widths = [0, 1].map((i) => Math.max(...rows.map((row) => row[i].length)));
    lines.push(
      '',
      `Demo API keys (${demoKeysFile}, git-ignored). They are for this machine only:`,
      'never use them on a shared or production system. Send them as `Authorization: Bearer <key>`.',
      ...rows.map(([name, role, key]) => `  ${name.padEnd(widths[0])}  ${role.padEnd(widths[1])}  ${key}`),
    );
    const investigator = demoKeys.find((entry) => entry.role === 'investigator');
    if (investigator) {
      const report = {
        title: 'Member records offered for sale',
        report: {
          receivedAt: new Date().toISOString(),
          channel: 'social-media',
          summary: 'A forum post offers a sample',
        },
      };
      lines.push(
        '',
        'Try:',
        `  curl -i -H 'Authorization: Bearer ${investigator.key}' -H 'Content-Type: application/json' \\`,
        `    -d '${JSON.stringify(report)}' ${apiUrl}/v1/cases`,
      );
    }
  } else {
    lines.push('', `API keys: from BREACHLINE_API_KEYS_FILE=${keysFile}`);
  }
  lines.push('', 'Ctrl-C stops the apps' + (stopsServers ? ' and the local servers.' : '.'), '');
  return lines;
}
