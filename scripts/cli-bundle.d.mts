/** The `handbook` command's bundle (its main.js as a file: URL), made when missing; see cli-bundle.mjs. */
export function cliBundle(): Promise<string | undefined>;
