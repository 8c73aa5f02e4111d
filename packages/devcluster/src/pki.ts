// The cluster's CA and serving certificate, generated once and kept in DATA_DIR/pki.
import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';

export interface Pki {
  caPem: string;
  certPem: string;
  keyPem: string;
  /** PKCS#8 private key that signs ServiceAccount tokens. */
  saKeyPem: string;
}

function rsaKeyPem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
}

function sign(opts: {
  subjectCn: string;
  keyPem: string;
  issuer?: { certPem: string; keyPem: string };
  isCa: boolean;
  hosts: string[];
  years: number;
}): string {
  const key = forge.pki.privateKeyFromPem(opts.keyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + opts.years * 365 * 24 * 3600_000);
  cert.setSubject([{ name: 'commonName', value: opts.subjectCn }]);
  const issuerCert = opts.issuer ? forge.pki.certificateFromPem(opts.issuer.certPem) : cert;
  cert.setIssuer(issuerCert.subject.attributes);
  const extensions: object[] = [
    { name: 'basicConstraints', cA: opts.isCa, critical: true },
    opts.isCa
      ? {
          name: 'keyUsage',
          keyCertSign: true,
          cRLSign: true,
          digitalSignature: true,
          critical: true,
        }
      : { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
  ];
  if (!opts.isCa) {
    extensions.push({ name: 'extKeyUsage', serverAuth: true });
    extensions.push({
      name: 'subjectAltName',
      altNames: opts.hosts.map((h) =>
        /^[\d.]+$/.test(h) || h.includes(':') ? { type: 7, ip: h } : { type: 2, value: h },
      ),
    });
  }
  cert.setExtensions(extensions);
  const signer = opts.issuer ? forge.pki.privateKeyFromPem(opts.issuer.keyPem) : key;
  cert.sign(signer, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

function serverCertFits(certPem: string, caPem: string, hosts: string[]): boolean {
  const cert = new X509Certificate(certPem);
  if (!cert.verify(new X509Certificate(caPem).publicKey)) return false;
  if (Date.parse(cert.validTo) < Date.now() + 24 * 3600_000) return false;
  const san = cert.subjectAltName ?? '';
  return hosts.every((h) => san.includes(`:${h}`));
}

/** Loads the PKI from `dataDir/pki`, creating whatever is missing; the CA is reused when present. */
export function loadOrCreatePki(dataDir: string, host: string): Pki {
  const dir = join(dataDir, 'pki');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = (n: string): string => join(dir, n);
  const write = (n: string, s: string): void => writeFileSync(file(n), s, { mode: 0o600 });

  if (!existsSync(file('ca.crt')) || !existsSync(file('ca.key'))) {
    const caKey = rsaKeyPem();
    write('ca.key', caKey);
    write(
      'ca.crt',
      sign({ subjectCn: 'devcluster-ca', keyPem: caKey, isCa: true, hosts: [], years: 10 }),
    );
  }
  const caPem = readFileSync(file('ca.crt'), 'utf8');
  const caKeyPem = readFileSync(file('ca.key'), 'utf8');
  const hosts = [...new Set(['127.0.0.1', 'localhost', '::1', host])];
  const haveServer = existsSync(file('server.crt')) && existsSync(file('server.key'));
  if (!haveServer || !serverCertFits(readFileSync(file('server.crt'), 'utf8'), caPem, hosts)) {
    const key = rsaKeyPem();
    write('server.key', key);
    write(
      'server.crt',
      sign({
        subjectCn: 'devcluster',
        keyPem: key,
        issuer: { certPem: caPem, keyPem: caKeyPem },
        isCa: false,
        hosts,
        years: 2,
      }),
    );
  }
  if (!existsSync(file('sa.key'))) {
    const sa = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    write('sa.key', sa.toString());
  }
  return {
    caPem,
    certPem: readFileSync(file('server.crt'), 'utf8'),
    keyPem: readFileSync(file('server.key'), 'utf8'),
    saKeyPem: readFileSync(file('sa.key'), 'utf8'),
  };
}
