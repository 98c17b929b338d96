// Writes a synthetic nmap `-A -oX` file of about SIZE_MB megabytes to PATH, shaped like nmap 7.9x output: per host
// status, address, hostname, three open ports with -sV service and cpe, NSE script output, extraports, OS matches,
// a traceroute and timing. Addresses are 10.x (never contacted: the file is only read). Prints the counts written as
// JSON on stdout: {"bytes":…,"hosts":…,"ports":…}.   Usage: node bench/gen-nmap-xml.mjs PATH SIZE_MB
import { createWriteStream } from 'node:fs';

const [path, sizeArg] = process.argv.slice(2);
const target = Number(sizeArg) * 1024 * 1024;
if (!path || !Number.isFinite(target) || target <= 0) { console.error('usage: node bench/gen-nmap-xml.mjs PATH SIZE_MB'); process.exit(2); }

const out = createWriteStream(path);
let bytes = 0;
let hosts = 0;
let ports = 0;
const write = (s) => { bytes += Buffer.byteLength(s); return out.write(s); };

const head = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE nmaprun>\n<?xml-stylesheet href="file:///usr/bin/../share/nmap/nmap.xsl" type="text/xsl"?>\n'
  + '<nmaprun scanner="nmap" args="nmap -A -oX big.xml 10.0.0.0/8" start="1764590000" startstr="Mon Dec  1 12:00:00 2026" version="7.93" xmloutputversion="1.05">\n'
  + '<scaninfo type="syn" protocol="tcp" numservices="1000" services="1,3-4,6-7,9,13,17,19-26,30,32-33,37,42-43,49,53,70,79-85,88-90,99-100,106,109-111"/>\n'
  + '<verbose level="0"/>\n<debugging level="0"/>\n';

function port(n, name, product, version, cpe) {
  ports++;
  return `<port protocol="tcp" portid="${n}"><state state="open" reason="syn-ack" reason_ttl="64"/>`
    + `<service name="${name}" product="${product}" version="${version}" extrainfo="protocol 2.0" ostype="Linux" method="probed" conf="10"><cpe>${cpe}</cpe></service>`
    + `<script id="banner" output="${name} &lt;${product} ${version}&gt; greeting &amp; more text from the server that nmap keeps verbatim"/>`
    + `<script id="ssl-cert" output="Subject: commonName=host.example&#xa;Issuer: commonName=Example CA&#xa;Not valid before: 2026-01-01T00:00:00&#xa;Not valid after:  2027-01-01T00:00:00"><table key="subject"><elem key="commonName">host.example</elem></table><elem key="sig_algo">sha256WithRSAEncryption</elem></script>`
    + '</port>\n';
}

function host(i) {
  hosts++;
  const a = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  let s = `<host starttime="1764590001" endtime="1764590100"><status state="up" reason="echo-reply" reason_ttl="63"/>\n`
    + `<address addr="${a}" addrtype="ipv4"/>\n<address addr="52:54:00:${(i >> 8 & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}:01" addrtype="mac" vendor="QEMU virtual NIC"/>\n`
    + `<hostnames><hostname name="host-${i}.example" type="PTR"/></hostnames>\n<ports><extraports state="closed" count="997"><extrareasons reason="reset" count="997" proto="tcp" ports="1,3-4,6-7"/></extraports>\n`
    + port(22, 'ssh', 'OpenSSH', '8.4p1 Debian 5', 'cpe:/a:openbsd:openssh:8.4p1')
    + port(80, 'http', 'Apache httpd', '2.4.57', 'cpe:/a:apache:http_server:2.4.57')
    + port(443, 'https', 'nginx', '1.22.1', 'cpe:/a:igor_sysoev:nginx:1.22.1')
    + '</ports>\n<os><portused state="open" proto="tcp" portid="22"/><portused state="closed" proto="tcp" portid="1"/>\n';
  for (let k = 0; k < 8; k++) {
    s += `<osmatch name="Linux 4.15 - 5.${k}" accuracy="${100 - k}" line="${67000 + k}"><osclass type="general purpose" vendor="Linux" osfamily="Linux" osgen="5.X" accuracy="${100 - k}"><cpe>cpe:/o:linux:linux_kernel:5</cpe></osclass></osmatch>\n`;
  }
  s += '<osfingerprint fingerprint="OS:SCAN(V=7.93%E=4%D=12/1%OT=22%CT=1%CU=31337%PV=Y%DS=2%DC=T%G=Y%TM=6763A1B2%P=x86_64-pc-linux-gnu)SEQ(SP=104%GCD=1%ISR=10C%TI=Z%CI=Z%II=I%TS=A)"/></os>\n'
    + '<uptime seconds="123456" lastboot="Sun Nov 30 00:00:00 2026"/><distance value="2"/>\n<trace port="80" proto="tcp">';
  for (let h = 1; h <= 3; h++) { s += `<hop ttl="${h}" ipaddr="10.255.${h}.1" rtt="${(h * 0.31).toFixed(2)}" host="gw${h}.example"/>`; }
  s += '</trace>\n<times srtt="512" rttvar="120" to="100000"/>\n</host>\n';
  return s;
}

async function main() {
  write(head);
  let i = 1;
  while (bytes < target) {
    if (!write(host(i++))) { await new Promise((r) => out.once('drain', r)); }
  }
  write('<runstats><finished time="1764593600" timestr="Mon Dec  1 13:00:00 2026" summary="done" elapsed="3600.00" exit="success"/>'
    + `<hosts up="${hosts}" down="0" total="${hosts}"/></runstats>\n</nmaprun>\n`);
  await new Promise((resolve, reject) => out.end((err) => (err ? reject(err) : resolve())));
  console.log(JSON.stringify({ bytes, hosts, ports }));
}
await main();
