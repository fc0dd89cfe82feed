// Puppeteer (under pagedjs-cli and DAISY Ace) must not download a browser on `npm ci`: the
// toolchain uses the system's Chromium (see README, Prerequisites).
module.exports = { skipDownload: true };
