// Puppeteer must never download a browser: the build resolves one itself
// (see src/print/resolve-browser.ts). Skip the postinstall download everywhere.
module.exports = { skipDownload: true };
