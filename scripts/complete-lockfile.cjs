// Adds lockfile entries for other platforms' optional binaries (biome, duckdb) that this machine's registry
// does not serve, so `npm ci` accepts the lockfile; npm skips an entry whose os/cpu/libc do not
// match. Run after any `npm install` that changes the lockfile: node scripts/complete-lockfile.cjs
const fs = require('node:fs');
const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
const p = lock.packages;
for (const v of Object.values(p)) {
  for (const [dep, version] of Object.entries(v.optionalDependencies || {})) {
    const key = `node_modules/${dep}`;
    if (p[key]) continue;
    const m = /-(android|darwin|linux|win32)-(arm64|x64)(-musl)?$/.exec(dep);
    if (!m) throw new Error(`cannot infer platform of ${dep}`);
    p[key] = {
      version,
      cpu: [m[2]],
      ...(v.dev ? { dev: true } : {}),
      ...(m[1] === 'linux' ? { libc: [m[3] ? 'musl' : 'glibc'] } : {}),
      optional: true,
      os: [m[1]],
    };
  }
}
fs.writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
